// The language of the screens: Chinese first, English on a switch (F10 or the status bar). Words
// that people must never misread (the confirm button, refusals, the reporting path, training mode,
// the customer board) are shown in both languages whatever the switch says.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Message } from '../../shared/errors';
import { messages, type MessageKey } from './messages';

export type Lang = 'zh' | 'en';
export type Vars = Record<string, string | number>;

const STORE_KEY = 'terminal.lang';

export function fill(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function both(key: MessageKey, vars?: Vars): Message {
  const m = messages[key];
  return { zh: fill(m.zh, vars), en: fill(m.en, vars) };
}

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  toggle(): void;
  /** The message in the chosen language. */
  t(key: MessageKey, vars?: Vars): string;
  /** A message from the Terminal (or `both`), in the chosen language. */
  pick(m: Message): string;
  /** The other language of a message, for a small line beside it. */
  other(m: Message): string;
}

const Ctx = createContext<I18n | undefined>(undefined);

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORE_KEY, l);
    } catch {
      // private mode: the switch still works for this window
    }
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  }, []);
  // The page's language is the app's from the start (a language kept from before included), so
  // what the browser draws by `lang` follows F10, not the PC's locale (issue 20 item 10).
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      toggle: () => setLang(lang === 'zh' ? 'en' : 'zh'),
      t: (key, vars) => fill(messages[key][lang], vars),
      pick: (m) => m[lang],
      other: (m) => m[lang === 'zh' ? 'en' : 'zh'],
    }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** A catalogue message in the chosen language. */
export function T({ k, vars }: { k: MessageKey; vars?: Vars }) {
  return <>{useI18n().t(k, vars)}</>;
}

/** Both languages, Chinese first: for what must never be misread. */
export function Bi({ k, vars, className }: { k: MessageKey; vars?: Vars; className?: string }) {
  const m = both(k, vars);
  return <BiText message={m} {...(className ? { className } : {})} />;
}

export function BiText({ message, className }: { message: Message; className?: string }) {
  return (
    <span className={`bi ${className ?? ''}`}>
      <span lang="zh-CN" className="bi-zh">{message.zh}</span> <span lang="en" className="bi-en">{message.en}</span>
    </span>
  );
}
