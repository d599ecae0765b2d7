// The error catalogue: every refusal the terminal can give, with a stable code and a message in
// Chinese and English that says what is wrong and what to do. Codes never change once released;
// messages may be reworded. `{name}` in a message is filled from the refusal's details.
//
// `attempt: true` marks a refusal by a counter rule: the trade was refused for what it is, not for
// how it was typed, so the terminal records it as an attempt (anti-money-laundering practice, and
// the structuring prompts of 第三十七条 look at attempts too). Every other refusal writes nothing.

export interface Message {
  zh: string;
  en: string;
}

interface Entry extends Message {
  /** A refusal by a counter rule: recorded as an attempted trade. */
  attempt?: true;
}

export const ERRORS = {
  // ---- input that is malformed: nothing is written ----
  INVALID_INPUT: {
    zh: '输入有误：{field} {problemZh}。请检查后重新输入。',
    en: 'Invalid input: {field} {problemEn}. Check it and enter it again.',
  },
  UNKNOWN_METHOD: {
    zh: '没有名为 {method} 的功能。',
    en: 'There is no method named {method}.',
  },
  AMOUNT_INVALID: {
    zh: '金额“{amount}”不是有效数字。请输入如 1234.56 的金额。',
    en: 'The amount "{amount}" is not a valid number. Enter an amount such as 1234.56.',
  },
  AMOUNT_NOT_POSITIVE: {
    zh: '金额必须大于零。',
    en: 'The amount must be greater than zero.',
  },
  AMOUNT_TOO_MANY_DECIMALS: {
    zh: '{currency} 金额最多 {decimals} 位小数。请重新输入金额。',
    en: '{currency} amounts have at most {decimals} decimal places. Enter the amount again.',
  },
  AMOUNT_TOO_LARGE: {
    zh: '金额过大。请检查金额。',
    en: 'The amount is too large. Check the amount.',
  },
  AMOUNT_NOT_IN_NOTES: {
    zh: '{currency} 现钞金额须为 {note} 的整数倍（网点最小面额）。请调整金额。',
    en: '{currency} cash must be a multiple of {note}, the smallest note the outlet holds. Adjust the amount.',
  },
  CURRENCY_UNKNOWN: {
    zh: '不办理币种 {currency}。请从牌价表中选择币种。',
    en: 'Currency {currency} is not traded here. Choose a currency from the rate board.',
  },
  CURRENCY_NOT_FOREIGN: {
    zh: '兑换的外币不能是人民币。请选择外币币种。',
    en: 'The foreign currency of a trade cannot be CNY. Choose a foreign currency.',
  },
  ID_TYPE_UNKNOWN: {
    zh: '证件类型“{idType}”无效。请选择：居民身份证、护照、永久居留身份证、港澳或台湾通行证等。',
    en: 'ID type "{idType}" is not valid. Choose a resident ID card, a passport, a permanent-residence card, a travel permit or another listed type.',
  },
  ID_FORMAT: {
    zh: '{idTypeName}号码格式不对：应为{expectedZh}。请核对证件后重新输入。',
    en: 'The {idTypeNameEn} number has the wrong format: it should be {expectedEn}. Check the document and type it again.',
  },
  ID_CHECK_CHARACTER: {
    zh: '证件号码校验位不对（最后一位应为 {expected}）。请核对证件后重新输入。',
    en: 'The ID number\'s check character is wrong (the last character should be {expected}). Check the document and type it again.',
  },
  ID_BIRTH_DATE: {
    zh: '证件号码中的出生日期 {birthDate} 不是真实日期。请核对证件后重新输入。',
    en: 'The birth date {birthDate} in the ID number is not a real date. Check the document and type it again.',
  },
  ID_REGION: {
    zh: '证件号码中的地区代码 {region} 无效。请核对证件后重新输入。',
    en: 'The region code {region} in the ID number is not valid. Check the document and type it again.',
  },
  ID_COUNTRY_INVALID: {
    zh: '国家/地区代码“{country}”不是有效的 ISO 3166 三字母代码。请选择证件签发国。',
    en: 'Country "{country}" is not a valid ISO 3166 three-letter code. Choose the country that issued the document.',
  },
  ID_COUNTRY_MISMATCH: {
    zh: '此证件的国家/地区应为 {expected}，而不是 {country}。请更正国家/地区。',
    en: 'This document\'s country should be {expected}, not {country}. Correct the country.',
  },
  ID_SUPPLEMENTARY_REQUIRED: {
    zh: '中国护照须同时录入境外居留证件号码（补充证件号）。',
    en: 'A Chinese passport needs the overseas residence permit number (supplementary ID number) as well.',
  },
  NAME_REQUIRED: {
    zh: '请录入客户姓名（与证件一致）。',
    en: 'Enter the customer\'s name as it appears on the ID.',
  },
  PERSON_NOT_FOUND: {
    zh: '没有找到该客户的记录。',
    en: 'No record of this customer was found.',
  },
  RATE_MISSING: {
    zh: '牌价表上没有 {currency} 的牌价。请主管先挂牌。',
    en: 'There is no {currency} rate on the rate board. Ask a supervisor to set one first.',
  },
  RATE_STALE: {
    zh: '{currency} 牌价设于 {setAt}，已超过 {maxAgeHours} 小时，不能使用。请主管更新牌价。',
    en: 'The {currency} rate was set at {setAt}, more than {maxAgeHours} hours ago, and may not be used. Ask a supervisor to update the rate.',
  },
  RATE_INVALID: {
    zh: '牌价无效：{problem}。请重新输入每 100 外币单位的现钞买入价和卖出价。',
    en: 'The rate is not valid: {problem}. Enter the cash buy and cash sell rates per 100 units again.',
  },
  CONVERSION_RATE_MISSING: {
    zh: '没有 {month} 月 {currency} 的美元折算率，无法计算等值美元。请导入外汇局公布的折算率表。',
    en: 'There is no USD conversion rate for {currency} for {month}, so the USD equivalent cannot be computed. Import SAFE\'s conversion-rate table.',
  },
  CONVERSION_TABLE_INVALID: {
    zh: '折算率表第 {line} 行有误：{problem}。请检查文件（每行：币种代码,每单位折美元）。',
    en: 'Line {line} of the conversion-rate table is wrong: {problem}. Check the file (each line: currency code, USD per unit).',
  },
  CONVERSION_TABLE_EXISTS: {
    zh: '{month} 月的折算率表已导入，不能重复导入。',
    en: 'The conversion-rate table for {month} has already been imported and cannot be imported again.',
  },
  QUOTE_STALE: {
    zh: '报价后情况已变化（{what}）。请重新报价并与客户确认。',
    en: 'Something changed since the quote ({what}). Quote again and confirm with the customer.',
  },
  QUOTE_EXPIRED: {
    zh: '报价已超过 {seconds} 秒有效期。请重新报价。',
    en: 'The quote is older than {seconds} seconds. Quote again.',
  },
  PAYMENT_METHOD_NOT_ACCEPTED: {
    zh: '不能以{method}支付（第三十条：收取现钞或旅行支票，付出须为现钞）。请选择现钞。',
    en: 'Payment by {method} is not accepted (第三十条: cash or traveller\'s cheques in, cash out). Choose cash.',
  },
  AMOUNT_TOO_SMALL: {
    zh: '金额不足以兑换最小面额 {note} {currency}。请增加金额。',
    en: 'The amount does not buy the smallest note, {note} {currency}. Increase the amount.',
  },
  FEE_EXCEEDS_AMOUNT: {
    zh: '手续费 {fee} 不少于兑换金额。请增加兑换金额。',
    en: 'The fee {fee} is not less than the amount exchanged. Increase the amount.',
  },
  CASH_INSUFFICIENT: {
    zh: '{currency} 库存现钞只有 {available}，不够支付 {needed}。请减少金额或从保险柜补充现钞。',
    en: 'Cash on hand in {currency} is {available}, not enough to pay {needed}. Reduce the amount or restock the till.',
  },
  PROMPT_NOT_ACKNOWLEDGED: {
    zh: '风险提示“{prompt}”尚未确认。请向客户核实后确认提示。',
    en: 'The risk prompt "{prompt}" has not been confirmed. Check with the customer, then confirm the prompt.',
  },
  SUPERVISOR_REQUIRED: {
    zh: '此操作须主管批准（{why}）。请主管确认。',
    en: 'This needs a supervisor\'s approval ({why}). Ask a supervisor to approve.',
  },
  TRADE_NOT_FOUND: {
    zh: '没有找到交易 {trade}。请核对水单号。',
    en: 'Trade {trade} was not found. Check the receipt number.',
  },
  TRADE_ALREADY_VOIDED: {
    zh: '水单 {receiptNo} 已作废，不能再次作废。',
    en: 'Receipt {receiptNo} is already void and cannot be voided again.',
  },
  VOID_NOT_SAME_DAY: {
    zh: '只能作废当日（{today}）的交易；水单 {receiptNo} 是 {date} 的交易。更正须以冲正交易办理。',
    en: 'Only today\'s ({today}) trades can be voided; receipt {receiptNo} is from {date}. Correct it with a reversal instead.',
  },
  VOID_CASH_INSUFFICIENT: {
    zh: '作废须退回 {needed}，但 {currency} 库存现钞只有 {available}。请先补充现钞。',
    en: 'Voiding gives back {needed}, but cash on hand in {currency} is only {available}. Restock the till first.',
  },
  REALTIME_ENTRY_REQUIRED: {
    zh: '此笔须实时录入监测系统（第三十二条），但接口不可用。请在外汇局网页录入后输入外管业务参号，并由主管确认。',
    en: 'This trade must be entered in the monitoring system in real time (第三十二条), but the interface is unavailable. Enter it on SAFE\'s web page, then type the reference number it returned and have a supervisor confirm.',
  },
  REF_NO_INVALID: {
    zh: '外管业务参号“{refNo}”格式不对。请核对监测系统页面上的参号。',
    en: 'Reference number "{refNo}" has the wrong format. Check the reference number on the monitoring system\'s page.',
  },
  MONITORING_REFUSED: {
    zh: '监测系统拒绝录入此笔交易：{reason}。交易未办理，请按提示处理后重新报价。',
    en: 'The monitoring system refused to record this trade: {reason}. Nothing was done; deal with the reason and quote again.',
  },
  QUEUE_ROW_NOT_FOUND: {
    zh: '待报送队列中没有第 {id} 条记录。',
    en: 'There is no row {id} in the reporting queue.',
  },
  QUEUE_ROW_NOT_RETRYABLE: {
    zh: '第 {id} 条记录状态为 {state}，只有“需处理”的记录可以重新报送。',
    en: 'Row {id} is {state}; only rows needing attention can be sent again.',
  },
  PRINTER_NOT_READY: {
    zh: '打印机{stateZh}，无法打印水单（第三十五条）。交易未办理：请处理打印机后重试。',
    en: 'The printer is {stateEn} and cannot print the receipt (第三十五条). Nothing was done: fix the printer and try again.',
  },
  NAME_NOT_PRINTABLE: {
    zh: '客户姓名中的 {chars} 是打印机无法打印的生僻字，水单上会缺字。交易未办理：请用该字的拼音（加括号）录入姓名，并在水单上手写补注原字。',
    en: 'The name contains {chars}, which the receipt printer cannot print; the receipt would lose it. Nothing was done: type that character as pinyin in brackets and write the character by hand on the receipt.',
  },
  UNAUTHORIZED: {
    zh: '未授权：缺少或错误的访问令牌。请从本机终端打开页面。',
    en: 'Not authorised: the access token is missing or wrong. Open the page from this terminal.',
  },
  OUTLET_MISMATCH: {
    zh: '此数据库属于网点 {dbOutlet}，不是 {configOutlet}。请打开本网点的数据库。',
    en: 'This database belongs to outlet {dbOutlet}, not {configOutlet}. Open this outlet\'s database.',
  },
  DATABASE_NEWER: {
    zh: '数据库版本 {dbVersion} 比本程序（{appVersion}）新。请安装最新版本的程序。',
    en: 'The database is version {dbVersion}, newer than this program ({appVersion}). Install the latest version of the program.',
  },
  INTERNAL_ERROR: {
    zh: '系统内部错误，本次操作未保存。请重试；如仍失败，请联系技术支持（代码 {ref}）。',
    en: 'Internal error; nothing was saved. Try again; if it fails again, call support (reference {ref}).',
  },

  // ---- refusals by a counter rule: recorded as attempts ----
  DAILY_LIMIT_EXCEEDED: {
    attempt: true,
    zh: '超过每人每日等值 {limit} 美元的限额（第二十九条）。客户今日还可兑换等值 {remaining} 美元。请减少金额或改日办理。',
    en: 'Over the daily limit of {limit} USD per person (第二十九条). This customer has {remaining} USD left today. Reduce the amount or come back tomorrow.',
  },
  ANNUAL_QUOTA_EXCEEDED: {
    attempt: true,
    zh: '超过个人年度总额（等值 {quota} 美元，第三条）：客户今年{typeZh}还可使用等值 {left} 美元。请减少金额。',
    en: 'Over the annual quota of {quota} USD (第三条): this customer has {left} USD left this year for {typeEn}. Reduce the amount.',
  },
  RECONVERSION_RECEIPT_REQUIRED: {
    attempt: true,
    zh: '境外个人当日累计兑回超过等值 {threshold} 美元，须审核并留存本机构出具的原兑换水单（第三十一条）。请输入原水单号。',
    en: 'A foreign individual reconverting more than {threshold} USD in a day must present the original receipt this institution issued (第三十一条). Enter the original receipt number.',
  },
  RECONVERSION_RECEIPT_INVALID: {
    attempt: true,
    zh: '原兑换水单 {receiptNo} 不能用于兑回：{reasonZh}（第三十一条）。',
    en: 'Original receipt {receiptNo} cannot be used for reconversion: {reasonEn} (第三十一条).',
  },
  RECONVERSION_EXCEEDS_RECEIPT: {
    attempt: true,
    zh: '兑回金额 {amount} 超过原水单 {receiptNo} 尚未兑回的人民币 {remaining}（第三十一条）。请减少金额。',
    en: 'The reconversion of {amount} is more than the {remaining} not yet reconverted on receipt {receiptNo} (第三十一条). Reduce the amount.',
  },
} as const satisfies Record<string, Entry>;

export type ErrorCode = keyof typeof ERRORS;

export interface Failure {
  code: ErrorCode;
  message: Message;
  details?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export function fillMessage(template: string, details: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => details[name] ?? whole);
}

export function failure(code: ErrorCode, details: Record<string, string> = {}): Failure {
  const entry = ERRORS[code];
  return { code, message: { zh: fillMessage(entry.zh, details), en: fillMessage(entry.en, details) }, details };
}

export function isAttempt(code: ErrorCode): boolean {
  return 'attempt' in ERRORS[code];
}

/**
 * Thrown by rule and validation code, caught at the Terminal's boundary and returned as a Failure.
 * Anything else thrown is a bug and becomes INTERNAL_ERROR (never a stack trace on screen).
 */
export class Refusal extends Error {
  readonly failure: Failure;
  constructor(code: ErrorCode, details: Record<string, string> = {}) {
    const f = failure(code, details);
    super(`${code}: ${f.message.en}`);
    this.name = 'Refusal';
    this.failure = f;
  }
  get code(): ErrorCode {
    return this.failure.code;
  }
}
