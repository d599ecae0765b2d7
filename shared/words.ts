// The words a person reads for the terminal's internal names (issue 20 item 3): every role, every
// method (an operation, as a refusal names it), every kind of ledger account, in Chinese and
// English. A refusal, a report or a screen shows these, never `teller`, `rates.set` or
// `capital:CNY`. Typed over every role and every method of the contract, so a method added to
// shared/api without its words fails the type-check (and test/words.test.ts).
import type { MethodName } from './api';
import type { Role } from './api/roles';
import type { HqRole } from './sync/reference';
import type { Message } from './errors';

/** 柜员, 主管, 经理, and the two statistics reporters of 第五十一条(一). */
export const ROLE_WORDS: { readonly [R in Role]: Message } = {
  teller: { zh: '柜员', en: 'Teller' },
  supervisor: { zh: '主管', en: 'Supervisor' },
  manager: { zh: '经理', en: 'Manager' },
  reporterA: { zh: '统计报表A角', en: 'Reporter (A)' },
  reporterB: { zh: '统计报表B角', en: 'Reporter (B)' },
};

/** Each method as the operation a person asked for. */
export const METHOD_WORDS: { readonly [M in MethodName]: Message } = {
  'session.info': { zh: '查看终端状态', en: 'the terminal\'s state' },
  'outlet.get': { zh: '查看网点信息', en: 'the outlet\'s details' },
  'policies.list': { zh: '查看业务规则版本', en: 'the rules\' versions' },
  'policies.load': { zh: '载入业务规则版本', en: 'loading a version of the rules' },
  'rates.set': { zh: '设置牌价', en: 'setting a rate' },
  'rates.listCurrency': { zh: '登记新币种备案', en: 'recording a currency\'s filing' },
  'rates.listings': { zh: '查看币种备案', en: 'the currencies\' filings' },
  'rates.board': { zh: '查看牌价', en: 'the rate board' },
  'rates.history': { zh: '查看牌价历史', en: 'a rate\'s history' },
  'conversionRates.import': { zh: '导入美元折算率表', en: 'importing the USD conversion table' },
  'conversionRates.get': { zh: '查看美元折算率表', en: 'the USD conversion table' },
  'customers.lookup': { zh: '查询客户', en: 'looking a customer up' },
  'trades.quote': { zh: '报价', en: 'a quote' },
  'trades.commit': { zh: '办理兑换', en: 'making a trade' },
  'trades.void': { zh: '作废交易', en: 'voiding a trade' },
  'trades.refund': { zh: '退款', en: 'a refund' },
  'trades.enterPaper': { zh: '纸质水单补录', en: 'entering a paper receipt' },
  'trades.paperRanges': { zh: '查看纸质水单号段', en: 'the paper receipt ranges' },
  'trades.get': { zh: '查看交易', en: 'a trade' },
  'trades.list': { zh: '查看当日交易', en: 'the day\'s trades' },
  'trades.personDay': { zh: '查看客户当日交易', en: 'a customer\'s trades today' },
  'trades.reprint': { zh: '重打水单', en: 'reprinting a receipt' },
  'trades.preview': { zh: '预览水单', en: 'a receipt\'s preview' },
  'trades.attempts': { zh: '查看被拒交易', en: 'the refused attempts' },
  'printer.status': { zh: '查看打印机状态', en: 'the printer\'s state' },
  'printer.jobs': { zh: '查看打印任务', en: 'the print jobs' },
  'printer.printPending': { zh: '打印待打水单', en: 'printing what waits' },
  'cash.onHand': { zh: '查看库存现金', en: 'the cash on hand' },
  'cash.fund': { zh: '调入营运资金', en: 'putting in a float' },
  'cash.notes': { zh: '查看券别库存', en: 'the notes on hand' },
  'cash.proposePayout': { zh: '配付券别', en: 'the notes to pay out' },
  'cash.handover': { zh: '交接班', en: 'a till handover' },
  'cash.transferSend': { zh: '调出现钞', en: 'sending notes' },
  'cash.transferReceive': { zh: '调入现钞', en: 'receiving notes' },
  'cash.transfers': { zh: '查看调拨', en: 'the transfers' },
  'queue.status': { zh: '查看报送队列状态', en: 'the reporting queue\'s state' },
  'queue.list': { zh: '查看报送队列', en: 'the reporting queue' },
  'queue.retry': { zh: '重新报送', en: 'retrying a report' },
  'queue.resolve': { zh: '处理被拒补录', en: 'resolving a refused back-fill' },
  'queue.syncNow': { zh: '立即报送', en: 'sending the queue now' },
  'monitoring.backfillList': { zh: '查看补录清单', en: 'the back-fill list' },
  'monitoring.reconcile': { zh: '与监测系统对账', en: 'reconciling with the monitoring system' },
  'calendar.load': { zh: '载入节假日安排', en: 'loading the holiday calendar' },
  'calendar.get': { zh: '查看节假日安排', en: 'the holiday calendar' },
  'calendar.list': { zh: '查看节假日年份', en: 'the calendar\'s years' },
  'reserves.setBasicAccount': { zh: '设置基本账户', en: 'setting the basic account' },
  'reserves.openAccount': { zh: '开立备付金账户', en: 'opening a reserve account' },
  'reserves.accounts': { zh: '查看备付金账户', en: 'the reserve accounts' },
  'reserves.move': { zh: '备付金调拨', en: 'a reserve movement' },
  'reserves.ledger': { zh: '查看备付金台账', en: 'the reserve ledger' },
  'dayClose.prepare': { zh: '日终准备', en: 'preparing the day close' },
  'dayClose.close': { zh: '日终', en: 'closing the day' },
  'dayClose.get': { zh: '查看日终', en: 'a day close' },
  'dayClose.list': { zh: '查看日终记录', en: 'the day closes' },
  'dayClose.print': { zh: '打印日终汇总', en: 'printing the day close' },
  'dayClose.outletStatus': { zh: '查看网点日终状态', en: 'the outlet\'s close' },
  'dayClose.outletClose': { zh: '网点日终', en: 'closing the outlet\'s day' },
  'reports.form1': { zh: '查看附表1', en: 'Form 1' },
  'reports.form2': { zh: '查看附表2', en: 'Form 2' },
  'reports.trialBalance': { zh: '查看试算平衡表', en: 'the trial balance' },
  'reports.profit': { zh: '查看损益表', en: 'the profit report' },
  'reports.export': { zh: '导出报表', en: 'exporting a report' },
  'reports.outletExport': { zh: '导出网点报表', en: 'exporting the outlet\'s report' },
  'reports.consolidate': { zh: '汇总附表3', en: 'consolidating Form 3' },
  'audit.verify': { zh: '校验审计链', en: 'verifying the audit chain' },
  'audit.examineBreak': { zh: '审计链断点核查', en: 'examining a break in the audit chain' },
  'audit.list': { zh: '查看审计记录', en: 'the audit trail' },
  'auth.signIn': { zh: '登录', en: 'signing in' },
  'auth.signOut': { zh: '退出登录', en: 'signing out' },
  'auth.whoami': { zh: '查看当前登录', en: 'who is signed in' },
  'auth.approve': { zh: '主管批准', en: 'a supervisor\'s approval' },
  'people.bootstrap': { zh: '设置首位经理', en: 'the first manager' },
  'people.create': { zh: '添加人员', en: 'adding a person' },
  'people.list': { zh: '查看人员', en: 'the people' },
  'people.disable': { zh: '停用人员', en: 'disabling a person' },
  'people.unlock': { zh: '解锁人员', en: 'unlocking a person' },
  'people.setPassword': { zh: '设置他人密码', en: 'setting someone else\'s password' },
  'backup.create': { zh: '备份', en: 'a backup' },
  'backup.list': { zh: '查看备份', en: 'the backups' },
  'backup.verify': { zh: '校验备份', en: 'verifying a backup' },
  'clock.confirm': { zh: '确认时间', en: 'confirming the clock' },
  'screening.import': { zh: '导入名单', en: 'importing a watch list' },
  'screening.lists': { zh: '查看名单', en: 'the watch lists' },
  'screening.hits': { zh: '查看名单命中', en: 'the watch-list hits' },
  'screening.examine': { zh: '核查名单命中', en: 'examining a watch-list hit' },
  'journal.search': { zh: '查询交易流水', en: 'searching the journal' },
  'journal.export': { zh: '导出交易流水', en: 'exporting the journal' },
  'archive.list': { zh: '查看日终存档', en: 'the day archives' },
  'archive.verify': { zh: '校验日终存档', en: 'verifying a day archive' },
  'archive.get': { zh: '下载日终存档', en: 'downloading a day archive' },
  'archive.make': { zh: '生成日终存档', en: 'making a day archive' },
};

/** The risk prompts (shared/rules/prompts.ts PromptCode), as a refusal asking for a supervisor names them. */
export const PROMPT_WORDS: { readonly [code: string]: Message } = {
  watchStatus: { zh: '关注名单客户', en: 'a customer on the watch list' },
  nearDailyLimit: { zh: '接近当日限额', en: 'near the daily limit' },
  realtimeCountReached: { zh: '实时录入笔数', en: 'the real-time entry count' },
  justBelowThreshold: { zh: '多次略低于限额，可能分拆交易', en: 'repeatedly just under the threshold, possible structuring' },
  linkedPeople: { zh: '多位客户略低于限额，可能分拆交易', en: 'several customers just under the threshold, possible structuring' },
};

/** The kinds of ledger account (electron/ledger/schema.ts AccountKind), as the books name them. */
export const ACCOUNT_KIND_WORDS: { readonly [kind: string]: Message } = {
  cash: { zh: '现钞', en: 'Cash (till)' },
  safe: { zh: '保险柜', en: 'Safe' },
  travellers_cheques: { zh: '旅行支票', en: 'Traveller\'s cheques' },
  reserve_account: { zh: '备付金账户', en: 'Reserve account' },
  exchange: { zh: '货币兑换', en: 'Currency exchange' },
  fee_income: { zh: '手续费收入', en: 'Fee income' },
  capital: { zh: '资本金', en: 'Capital' },
  basic: { zh: '基本账户', en: 'Basic account' },
  rebalancing: { zh: '头寸调剂', en: 'Rebalancing' },
  variance: { zh: '长短款', en: 'Cash over/short' },
  in_transit: { zh: '在途现钞', en: 'Notes in transit' },
  interoffice: { zh: '往来', en: 'Inter-office' },
};

/** The hub's own roles (HQ's people, shared/sync/reference.ts), beside the counters' roles; HQ's console shows the same. */
export const HQ_ROLE_WORDS: { readonly [R in HqRole]: Message } = {
  hqManager: { zh: '总部经理', en: 'HQ manager' },
  hqReporter: { zh: '总部报表员', en: 'HQ reporter' },
  // Read-only is what the role can do, not its name: in a refusal the name sits in brackets of its own.
  auditor: { zh: '总部审计', en: 'HQ auditor' },
};

/**
 * The hub's routes a person calls (hub/server.ts `person(...)`), as the operation a refusal names:
 * HQ's console shows these, never `/v1/rates/push` (test/words.test.ts checks every such route).
 */
export const HUB_ROUTE_WORDS: { readonly [path: string]: Message } = {
  '/v1/people': { zh: '添加人员', en: 'adding a person' },
  '/v1/people/list': { zh: '查看人员', en: 'listing the people' },
  '/v1/people/lock': { zh: '锁定人员', en: 'locking a person' },
  '/v1/people/unlock': { zh: '解锁人员', en: 'unlocking a person' },
  '/v1/people/disable': { zh: '停用人员', en: 'disabling a person' },
  '/v1/rates': { zh: '设置牌价', en: 'setting a rate' },
  '/v1/calendar': { zh: '导入节假日安排', en: 'loading the holiday arrangement' },
  '/v1/conversion-rates': { zh: '导入美元折算率表', en: 'importing the USD conversion table' },
  '/v1/watch-lists': { zh: '下发筛查名单', en: 'sending out a watch list' },
  '/v1/outlets': { zh: '设置网点', en: 'setting up an outlet' },
  '/v1/reserve-accounts': { zh: '开立备付金账户', en: 'opening a reserve account' },
  '/v1/basic-account': { zh: '设置基本账户', en: 'setting the basic account' },
  '/v1/reserve-accounts/list': { zh: '查看备付金账户', en: 'listing the reserve accounts' },
  '/v1/live': { zh: '查看实时交易', en: 'watching the trades live' },
  '/v1/rates/push': { zh: '下发牌价', en: 'pushing rates to the outlets' },
  '/v1/rates/list': { zh: '查看牌价历史', en: 'listing the rate history' },
  '/v1/reference/list': { zh: '查看参考数据变更', en: 'listing the reference changes' },
  '/v1/inspection/search': { zh: '检查查询', en: 'searching the journal for an inspection' },
  '/v1/inspection/export': { zh: '检查导出', en: 'exporting the journal for an inspection' },
  '/v1/reports': { zh: '查看报表', en: 'viewing a report' },
  '/v1/reports/export': { zh: '导出报表', en: 'exporting a report' },
  '/v1/anchors': { zh: '查看流水锚点', en: 'listing the journal anchors' },
  '/v1/outlets/list': { zh: '查看网点', en: 'listing the outlets' },
  '/v1/terminals/enrol-code': { zh: '生成终端登记码', en: 'making a terminal enrolment code' },
  '/v1/terminals/revoke': { zh: '注销终端', en: 'revoking a terminal' },
  '/v1/receipt-books/issue': { zh: '发放水单本', en: 'issuing a receipt book' },
  '/v1/receipt-books/return': { zh: '收回水单本', en: 'taking a receipt book back' },
  '/v1/receipt-books/list': { zh: '查看水单本', en: 'listing the receipt books' },
  '/v1/transfers/list': { zh: '查看调拨', en: 'listing the transfers' },
  '/v1/policies': { zh: '导入政策参数', en: 'loading policy parameters' },
};

export type Lang = keyof Message;

export function roleWords(role: string): Message {
  return (ROLE_WORDS as Record<string, Message>)[role] ?? (HQ_ROLE_WORDS as Record<string, Message>)[role] ?? { zh: role, en: role };
}

/** A hub route as the operation a person asked for (the route itself when it has no words). */
export function hubRouteWords(path: string): Message {
  return HUB_ROUTE_WORDS[path] ?? { zh: path, en: path };
}

export function methodWords(method: string): Message {
  return (METHOD_WORDS as Record<string, Message>)[method] ?? { zh: method, en: method };
}

/** A kind of account: 资本金, 现钞, … (the kind itself when it is not known). */
export function accountKindWords(kind: string): Message {
  return ACCOUNT_KIND_WORDS[kind] ?? { zh: kind, en: kind };
}

/**
 * A long internal id (a 26-character ULID, a voucher, a reserve account) as a person reads it:
 * its last 8 characters, in groups of four (…7Q2M-X9KD). The whole id stays in the data and in a
 * tooltip; the last characters are the ones that differ between ids made the same second.
 */
export function shortId(id: string): string {
  if (id.length <= 12) return id;
  const tail = id.slice(-8);
  return `…${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/**
 * An account of the ledger (`capital:CNY`, `cash:USD`, `reserve_account:<id>`) in words: the kind's
 * words with the currency (资本金 CNY), or with a short form of the account's own id.
 */
export function accountWords(account: string, currency?: string): Message {
  const colon = account.indexOf(':');
  const kind = colon < 0 ? account : account.slice(0, colon);
  const rest = colon < 0 ? '' : account.slice(colon + 1);
  const words = accountKindWords(kind);
  const tail = rest === '' ? (currency ?? '') : rest === currency || /^[A-Z]{3}$/.test(rest) ? rest : `${shortId(rest)}${currency ? ` ${currency}` : ''}`;
  return tail ? { zh: `${words.zh} ${tail}`, en: `${words.en} ${tail}` } : words;
}

/**
 * A refusal's detail shown in words: the internal name stays under `name` (for programs and
 * support), the words under `nameZh` / `nameEn`, which shared/errors.ts fills into each language.
 */
export function worded(name: string, raw: string, words: Message): Record<string, string> {
  return { [name]: raw, [`${name}Zh`]: words.zh, [`${name}En`]: words.en };
}
