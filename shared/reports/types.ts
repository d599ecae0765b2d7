// The data of each regulatory report (第五十一条, 附表1–3) and of the books, as computed from the
// ledger by electron/reports/ and shown on screen, in XLSX and in PDF. Amounts are exact decimal
// strings (never JS numbers): 附表1 in each currency's legal unit (法定货币单位), 附表2/3 in 10,000 USD
// (万美元). Counts are integers.

/** 附表1 rows by number as printed on the form; the unnumbered in/out rows of (13)–(16) by name. */
export const FORM1_ROWS = [
  'r1', 'r2', 'r3',
  'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12',
  'r13in', 'r13out', 'r13',
  'r14in', 'r14out', 'r14',
  'r15in', 'r15out', 'r15',
  'r16in', 'r16out', 'r16',
  'r17', 'r18', 'r19',
] as const;
export type Form1Row = (typeof FORM1_ROWS)[number];

export interface OutletHeader {
  institutionName: string;
  outletCode: string;
  outletName: string;
}

export interface Form1Column {
  /** 'CNY' first, then each foreign currency. */
  currency: string;
  /** Decimal strings in the currency's legal unit; null where the form prints '/' (row (16) for foreign currencies). */
  cells: Record<Form1Row, string | null>;
}

export interface Form1 {
  form: 'form1';
  outlet: OutletHeader;
  from: string; // YYYY-MM-DD, inclusive
  to: string; // YYYY-MM-DD, inclusive
  columns: Form1Column[];
}

/** 附表2 rows: (1) with its domestic/foreign split and the reporting-path split, (2)–(5) rebalancing. */
export const FORM2_FLOW_ROWS = [
  'customers', // 一、与客户买卖外币(1)
  'domestic', 'domesticRealtime', 'domesticBackfill', 'domesticNotEntered',
  'foreign', 'foreignRealtime', 'foreignBackfill', 'foreignNotEntered',
  'internal', // 二、系统内备付金调剂(2)
  'otherInstitution', // 三、与其他特许机构间备付金调剂(3)
  'bank', // 四、与开户银行间备付金调剂(4)
  'otherApproved', // 五、经批准的其他备付金调剂方式(5)
] as const;
export type Form2FlowRow = (typeof FORM2_FLOW_ROWS)[number];

export interface Form2Flow {
  buyAmount: string; // 万美元
  buyCount: number;
  sellAmount: string;
  sellCount: number;
  /** buyAmount − sellAmount. */
  diff: string;
}

export interface Form2 {
  form: 'form2' | 'form3';
  outlet: OutletHeader; // for form3: the institution, outletCode '*'
  month: string; // YYYY-MM
  /** The month of the USD conversion table used (published in the month before the filing date). */
  conversionMonth: string;
  /** Last day to file: the 5th working day of the following month (第五十一条(三)). */
  dueDate: string;
  /**
   * The due date was counted from weekends alone because the holiday notice of a year it needs
   * is not loaded (calendar.load): it may still move. The report itself is complete.
   */
  dueDateProvisional: boolean;
  /** The year whose holiday notice is missing, when dueDateProvisional. */
  dueDateMissingYear?: number;
  flows: Record<Form2FlowRow, Form2Flow>;
  opening: string; // (6) 月初外币备付金余额, 万美元
  closing: string; // (7) 月末外币备付金余额
  adjustment: string; // (8) 汇率调整
  /** form3 only: the outlets consolidated. */
  outlets?: OutletHeader[];
}

export interface TrialBalanceRow {
  account: string; // account id
  kind: string;
  currency: string;
  debit: string; // legal unit
  credit: string;
  balance: string;
}

export interface TrialBalance {
  form: 'trialBalance';
  outlet: OutletHeader;
  asOf: string; // YYYY-MM-DD end of day
  rows: TrialBalanceRow[];
}

export interface ProfitRow {
  currency: string;
  /** In RMB. */
  feeIncome: string;
  spread: string; // realised: proceeds against the average cost of the stock sold/bought
  revaluation: string; // stock at the board's mid rate at close against its average cost
  total: string;
}

export interface ProfitReport {
  form: 'profit';
  outlet: OutletHeader;
  from: string;
  to: string;
  rows: ProfitRow[];
  total: ProfitRow;
}

/** 台账 (第四十六条): one line per reserve movement. */
export interface ReserveLedgerLine {
  at: string;
  businessDate: string;
  nature: string; // 交易性质 (zh label)
  counterparty: string | null; // 调入调出双方名称
  place: string | null; // 交易地点 (cash carried: with 同城/异地)
  account: string | null; // 交易账号
  method: 'cash' | 'transfer'; // 交易方式
  inCurrency: string | null;
  inAmount: string | null;
  outCurrency: string | null;
  outAmount: string | null;
  rate: string | null;
  actor: string;
  reference: string;
}

export interface ReserveLedger {
  form: 'reserveLedger';
  outlet: OutletHeader;
  month: string;
  lines: ReserveLedgerLine[];
}

export type Report = Form1 | Form2 | TrialBalance | ProfitReport | ReserveLedger;
