// The error catalogue: every refusal the terminal can give, with a stable code and a message in
// Chinese and English that says what is wrong and what to do. Codes never change once released;
// messages may be reworded. `{name}` in a message is filled from the refusal's details.
//
// `attempt: true` marks a refusal by a counter rule: the trade was refused for what it is, not for
// how it was typed, so the terminal records it as an attempt (anti-money-laundering practice, and
// the structuring prompts of 第三十七条 look at attempts too). Every other refusal writes nothing.
//
// Long on purpose (issue 15): a catalogue, read top to bottom, grouped by what a refusal is about.
// It is the one place to look a code up, to compare the wording of neighbouring refusals in both
// languages, and to see which ones are recorded; ErrorCode is the set of its keys. Split by domain,
// the codes would be spread over files that all have to be merged back into that one type.

export interface Message {
  zh: string;
  en: string;
}

interface Entry extends Message {
  /** A refusal by a counter rule: recorded as an attempted trade. */
  attempt?: true;
  /**
   * A refused sign-in (or approval, or change of one's own password): the wrong password is
   * counted toward the lock and the refusal audited; nothing else is written (people, audit_log).
   */
  recorded?: true;
}

export const ERRORS = {
  // ---- input that is malformed: nothing is written ----
  INVALID_INPUT: {
    zh: '输入有误：{field} {problemZh}。请检查后重新输入。',
    en: 'Invalid input: {field} {problemEn}. Check it and enter it again.',
  },
  UNKNOWN_METHOD: {
    zh: '没有名为 {method} 的功能。请核对功能名（见 docs/api.md）。',
    en: 'There is no method named {method}. Check the method\'s name (docs/api.md).',
  },
  AMOUNT_INVALID: {
    zh: '金额“{amount}”不是有效数字。请输入如 1234.56 的金额。',
    en: 'The amount "{amount}" is not a valid number. Enter an amount such as 1234.56.',
  },
  AMOUNT_NOT_POSITIVE: {
    zh: '金额必须大于零。请输入大于零的金额。',
    en: 'The amount must be greater than zero. Enter an amount above zero.',
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
  // Never says what the check character should be (issue 14 item 7): any character may be the typo.
  ID_CHECK_CHARACTER: {
    zh: '证件号码核验不通过，号码中可能有录错的字符。请将号码与证件逐位核对后重新输入。',
    en: 'The ID number does not check out: a character may have been mistyped. Compare the number with the document, character by character, and type it again.',
  },
  ID_BIRTH_DATE: {
    zh: '证件号码中的出生日期 {birthDate} 不是真实日期。请核对证件后重新输入。',
    en: 'The birth date {birthDate} in the ID number is not a real date. Check the document and type it again.',
  },
  // ---- issue 19 item 5: identity documents (validity, MRZ) ----
  ID_EXPIRED: {
    zh: '证件已于 {expiry} 过期（有效期至该日，含当日），不是有效身份证件（第三十一条）。请客户出示其他有效证件。',
    en: 'The ID document expired on {expiry} (valid through that day inclusive), so it is not a valid ID (第三十一条). Ask the customer for another valid ID document.',
  },
  ID_EXPIRY_INVALID: {
    zh: '证件有效期 {expiry} 不是真实日期。请按证件所印填写 YYYY-MM-DD（居民身份证可填“长期”）。',
    en: 'The ID expiry date {expiry} is not a real date. Type it as printed on the document, YYYY-MM-DD (a resident ID card may say 长期, long-term).',
  },
  ID_EXPIRY_LONG_TERM_NOT_ALLOWED: {
    zh: '{idTypeName}没有“长期”有效期，只有居民身份证可以。请按证件所印填写有效期 YYYY-MM-DD。',
    en: 'A {idTypeNameEn} has no long-term (长期) validity; only a resident ID card does. Type the expiry date printed on the document, YYYY-MM-DD.',
  },
  ID_EXPIRY_REQUIRED: {
    zh: '请填写{idTypeName}的有效期（第三十一条：须为有效证件）。',
    en: 'Type the expiry date of the {idTypeNameEn} (第三十一条: the ID must be valid).',
  },
  MRZ_FORMAT: {
    zh: '扫描的机读区（MRZ）无法识别：{reason}。请重新扫描，或手工录入证件信息。',
    en: 'The scanned machine-readable zone (MRZ) cannot be read: {reason}. Scan it again, or type the document\'s details by hand.',
  },
  MRZ_CHECK_FAILED: {
    zh: '机读区（MRZ）的“{field}”校验位不符，未填入任何信息。请重新扫描；仍不符请手工核对证件录入。',
    en: 'The machine-readable zone (MRZ) check digit of "{fieldEn}" does not match; nothing was filled in. Scan it again; if it still fails, type the details from the document by hand.',
  },
  MRZ_DOCUMENT_NOT_ACCEPTED: {
    zh: '该机读证件（{document}）不能按本系统的证件类型办理：{reasonZh}。请改用客户的护照或其他可受理证件。',
    en: 'This machine-readable document ({document}) does not map to an ID type the terminal accepts: {reasonEn}. Use the customer\'s passport or another accepted ID.',
  },
  MRZ_COUNTRY_NOT_ACCEPTED: {
    zh: '机读区的国籍代码 {code}（{nameZh}）不在外汇局监测系统的国家/地区代码表（ISO 3166）中，不能报送。请客户出示载有国籍的其他证件，或请示外汇局分局后使用页面模式办理。',
    en: 'The MRZ nationality code {code} ({nameEn}) is not in the monitoring system\'s country code list (ISO 3166), so it cannot be reported. Ask for another document that shows a nationality, or ask your SAFE branch and use page mode.',
  },
  // ---- end issue 19 item 5 ----
  ID_REGION: {
    zh: '证件号码中的地区代码 {region} 无效。请核对证件后重新输入。',
    en: 'The region code {region} in the ID number is not valid. Check the document and type it again.',
  },
  // 港澳台居民居住证 typed as a resident ID (issue 14 item 3): its holder is a foreign individual.
  ID_RESIDENCE_PERMIT_NOT_RESIDENT_ID: {
    zh: '这是{regionZh}居民的港澳台居民居住证号码，不是居民身份证；持证人办理兑换按境外个人对待。请将证件类型改为“{useIdTypeName}”（{useIdType}），录入其通行证号码。',
    en: 'This is the number of a residence permit for Hong Kong, Macau and Taiwan residents ({regionEn}), not a resident ID card; for exchange its holder is a foreign individual. Change the ID type to "{useIdTypeNameEn}" ({useIdType}) and enter the number of the holder\'s travel permit.',
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
    zh: '中国护照须同时录入境外居留证件号码（补充证件号）。请在“补充证件号”一栏录入。',
    en: 'A Chinese passport needs the overseas residence permit number (supplementary ID number) as well. Enter it in the supplementary ID field.',
  },
  NAME_REQUIRED: {
    zh: '请录入客户姓名（与证件一致）。',
    en: 'Enter the customer\'s name as it appears on the ID.',
  },
  PERSON_NOT_FOUND: {
    zh: '没有找到该客户的记录。请核对证件类型和号码。',
    en: 'No record of this customer was found. Check the ID type and number.',
  },
  RATE_MISSING: {
    zh: '牌价表上没有 {currency} 的牌价。请主管先挂牌。',
    en: 'There is no {currency} rate on the rate board. Ask a supervisor to set one first.',
  },
  RATE_STALE: {
    zh: '{currency} 牌价设于 {setAt}，已超过 {maxAgeHours} 小时，不能使用。请主管更新牌价。',
    en: 'The {currency} rate was set at {setAt}, more than {maxAgeHours} hours ago, and may not be used. Ask a supervisor to update the rate.',
  },
  // ---- watch-list screening (第五十四条, issue 19 item 1) ----
  SCREENING_HIT: {
    zh: '客户与名单“{list}”（版本 {version}）的条目 {reference}“{entry}”相符（{on}，得分 {score}）。交易已停止：请主管审查此命中（误报注明原因，或拒绝并报告可疑交易）（第五十四条）。',
    en: 'The customer matches entry {reference} "{entry}" of the list "{list}" (version {version}) ({on}, score {score}). The trade is stopped: ask a supervisor to examine the hit (a false positive with a reason, or a refusal reported as suspicious) (第五十四条).',
    attempt: true,
  },
  SCREENING_REFUSED: {
    zh: '主管审查后已拒绝与名单“{list}”（版本 {version}）条目 {reference}“{entry}”相符的客户（{on}，得分 {score}），已作可疑交易报告待报。不得办理；如有疑问请联系反洗钱负责人（第五十四条）。',
    en: 'A supervisor examined this customer\'s match with entry {reference} "{entry}" of the list "{list}" (version {version}) ({on}, score {score}) and refused it; a suspicious-transaction report is pending. Do not serve the customer; refer questions to the AML officer (第五十四条).',
    attempt: true,
  },
  SCREENING_LIST_INVALID: {
    zh: '名单文件{problemZh}。请检查文件及其格式（联合国综合名单 XML，或含 name 列的 CSV）后重新导入。未导入。',
    en: 'The list file {problemEn}. Check the file and its format (the UN consolidated list XML, or a CSV with a name column) and import it again. Nothing was imported.',
  },
  SCREENING_HIT_NOT_FOUND: {
    zh: '没有待审查的命中 {hitId}（可能已审查，或名单已有新版本）。请刷新待审查列表。',
    en: 'There is no pending hit {hitId} to examine (it may have been examined, or its list has a new version). Refresh the list of pending hits.',
  },
  // ---- end of watch-list screening ----
  RATE_FAR_FROM_BOARD: {
    zh: '{currency} 新牌价与{againstZh}相差 {percent}%（{value} 对 {reference}），超过 {limit}%。请核对是否输错；确属行情变动，由主管填写原因后确认（第三十四条）。未保存。',
    en: 'The new {currency} rate is {percent}% from {againstEn} ({value} against {reference}), more than {limit}%. Check for a typing slip; if the market really moved, a supervisor confirms it with a reason (第三十四条). Nothing was saved.',
  },
  // ---- listing a currency (第三十四条; issue 19 item 3, branch i19-listing-tc) ----
  CURRENCY_NOT_YET_LISTED: {
    zh: '{currency} 于 {filedOn} 向外汇局报备，须满10个工作日后方可挂牌：{firstAllowed} 起才能设置牌价和报价（第三十四条）。未保存。请到期后再设置。',
    en: '{currency} was reported to SAFE on {filedOn} and may go on the board only 10 working days later: rates and quotes from {firstAllowed} (第三十四条). Nothing was saved. Set them again from that day.',
  },
  CURRENCY_NOT_FILED: {
    zh: '{currency} 尚未登记向外汇局报备的日期，不能挂牌（第三十四条：挂牌前不少于10个工作日报告）。请主管先在牌价设置中录入报备日期。',
    en: '{currency} has no filing with SAFE recorded and cannot go on the board (第三十四条: reported at least 10 working days before). A supervisor first records the filing date in the rate editor.',
  },
  CURRENCY_ALREADY_LISTED: {
    zh: '{currency} 已可挂牌（{since}），无需再登记报备日期。请直接设置牌价。',
    en: '{currency} is already allowed on the board ({since}); no filing date needs recording. Set its rates directly.',
  },
  CURRENCY_FILING_DATE_INVALID: {
    zh: '报备日期 {filedOn} 晚于今天（{today}）。请填写实际向外汇局报告的日期。',
    en: 'The filing date {filedOn} is after today ({today}). Enter the date the currency was actually reported to SAFE.',
  },
  RATE_IMPLAUSIBLE: {
    zh: '{currency} 新牌价的中间价与网点现行牌价相差超过 {limit}%：{outlets}。请核对是否输错；确属行情变动，勾选“确认推送”后再推送。',
    en: 'The new {currency} mid rate is more than {limit}% from the outlets\' boards: {outlets}. Check for a typing slip; if the market really moved, tick "confirm" and push again.',
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
    zh: '{month} 月的折算率表已导入，不能重复导入。请使用已导入的表；如内容有误，请联系技术支持。',
    en: 'The conversion-rate table for {month} has already been imported and cannot be imported again. Use the table already imported; if it is wrong, call support.',
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
  AUDIT_BREAK_NOT_FIRST: {
    zh: '审计记录 {entryId} 不是审计链的第一个断点（第一个断点：{first}）。请先核查第一个断点。',
    en: 'Audit entry {entryId} is not the first break in the audit chain (the first: {first}). Examine the first break first.',
  },
  SUPERVISOR_REQUIRED: {
    zh: '此操作须主管批准（{why}）。请主管在本屏输入其工号和密码批准。',
    en: 'This needs a supervisor\'s approval ({why}). Ask a supervisor to approve by typing their ID and password on this screen.',
  },
  TRADE_NOT_FOUND: {
    zh: '没有找到交易 {trade}。请核对水单号。',
    en: 'Trade {trade} was not found. Check the receipt number.',
  },
  TRADE_AT_OTHER_COUNTER: {
    zh: '水单 {receiptNo} 不是本柜台开出的（{whereZh}），本柜台的账本中没有这笔交易。请核对水单号；如无误，请到开出这张水单的柜台查询、作废、退款或补打。',
    en: 'Receipt {receiptNo} was not issued at this counter ({whereEn}), so this counter\'s ledger has no such trade. Check the number; if it is right, look it up, void, refund or reprint it at the counter that issued it.',
  },
  TRADE_ALREADY_VOIDED: {
    zh: '水单 {receiptNo} 已作废，不能再次作废。请刷新当日交易查看其状态。',
    en: 'Receipt {receiptNo} is already void and cannot be voided again. Refresh the day\'s trades to see it as void.',
  },
  VOID_NOT_SAME_DAY: {
    zh: '只能作废当日（{today}）的交易；水单 {receiptNo} 是 {date} 的交易。更正请以冲正交易（退款）办理。',
    en: 'Only today\'s ({today}) trades can be voided; receipt {receiptNo} is from {date}. Correct it with a reversal (a refund) instead.',
  },
  SAFE_AT_OTHER_COUNTER: {
    zh: '本网点的保险柜由{counter}（{terminal}）保管，本柜台不设保险柜。请用“现钞调拨”把现钞调往该柜台，由其清点入保险柜。',
    en: 'The outlet\'s safe is kept at {counter} ({terminal}); this counter keeps none. Send the notes there as a cash transfer, to be counted into the safe.',
  },
  // A paper receipt entered under its own number after a restore (trades.enterPaper, 第三十五条(三)).
  PAPER_RECEIPT_NOT_CLOSED: {
    zh: '水单 {receiptNo} 不在恢复时停用的号段内。只有备份之后、恢复之前由原机打印的纸质水单才能按原号补录{ranges}。请核对水单号。',
    en: 'Receipt {receiptNo} is in no range a restore closed. Only paper receipts the PC printed after the backup and before the restore can be entered under their own numbers{ranges}. Check the number.',
  },
  PAPER_RECEIPT_OUT_OF_ORDER: {
    zh: '纸质水单须按号依次补录（同本水单不得跳号，第三十五条）：下一张应为 {next}，不是 {receiptNo}。作废的水单也要先录入，再作废。请先录入 {next}。',
    en: 'Paper receipts are entered in number order (no number skipped, 第三十五条): the next is {next}, not {receiptNo}. A receipt that was voided is entered too, then voided. Enter {next} first.',
  },
  PAPER_RECEIPT_TIME: {
    zh: '水单上的时间须在 {after} 之后、{before} 之前（前一张水单的时间，与恢复或录入的时间）。请核对水单上的日期和时间。',
    en: 'The time on the receipt must be after {after} and before {before} (the receipt before it, and the restore or now). Check the date and time on the receipt.',
  },
  PAPER_RECEIPT_NOT_ALLOWED: {
    zh: '纸质水单 {receiptNo} 按账本现有记录不应办理：{ruleZh} 未录入。纸质水单或账本有误，请主管核对后处理。',
    en: 'Paper receipt {receiptNo} could not have been made on what the ledger holds: {ruleEn} Nothing was entered. The paper or the ledger is wrong; a supervisor checks which.',
  },
  PAPER_RECEIPT_FIGURES: {
    zh: '按牌价 {rate}，{foreign} 应为人民币 {rmb}、手续费 {fee}；录入的是 {typedRmb}、手续费 {typedFee}。请按水单核对金额和牌价。',
    en: 'At rate {rate}, {foreign} is CNY {rmb} with a fee of {fee}; what was typed is {typedRmb} with a fee of {typedFee}. Check the amounts and the rate against the receipt.',
  },
  PAPER_RECEIPT_REF_REQUIRED: {
    zh: '这笔交易当时须实时录入监测系统（第三十二条(一)）：请在监测系统中查到这笔记录，填入其业务参号后再录入。',
    en: 'This trade had to be entered in the monitoring system in real time (第三十二条(一)): find its record there and give its reference number.',
  },
  PAPER_RECEIPT_REF_NOT_NEEDED: {
    zh: '这笔交易无需报送监测系统，不应填写业务参号 {refNo}。请核对交易币种和金额。',
    en: 'This trade is not reported to the monitoring system, so it has no reference number ({refNo}). Check the currency and amount.',
  },
  // ---- issue 19 item 2: a refund on a later day (trades/refund.ts) ----
  REFUND_SAME_DAY: {
    zh: '水单 {receiptNo} 是今天（{today}）的交易：当日交易请作废，不作退款。',
    en: 'Receipt {receiptNo} is from today ({today}): void it instead of refunding it.',
  },
  REFUND_ALREADY_REFUNDED: {
    zh: '水单 {receiptNo} 已于 {date} 退款（退款水单 {refundReceipt}），不能再次退款。请核对水单号。',
    en: 'Receipt {receiptNo} was already refunded on {date} (refund receipt {refundReceipt}); it cannot be refunded again. Check the receipt number.',
  },
  REFUND_OF_REFUND: {
    zh: '水单 {receiptNo} 本身是一笔退款（原水单 {originalReceipt}），不能再退款。如客户仍需兑换，请办理新的兑换。',
    en: 'Receipt {receiptNo} is itself a refund (of receipt {originalReceipt}) and cannot be refunded. If the customer wants to exchange again, make a new trade.',
  },
  REFUND_TOO_OLD: {
    zh: '水单 {receiptNo} 是 {date} 的交易，已超过 {days} 天的退款期限（最迟 {lastDay}）。请按新的兑换办理。',
    en: 'Receipt {receiptNo} is from {date}, past the {days}-day refund window (last day {lastDay}). Make a new trade instead.',
  },
  REFUND_CUSTOMER_MISMATCH: {
    zh: '出示的证件与水单 {receiptNo} 的客户证件不符。退款须由原客户出示办理该笔兑换时的证件（第三十一条）。请核对证件，或请原客户本人持原证件办理。',
    en: 'The ID shown is not the one on receipt {receiptNo}. A refund needs the original customer with the ID used for that trade (第三十一条). Check the ID, or ask the original customer to come with it.',
  },
  // ---- end of issue 19 item 2 ----
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
    zh: '待报送队列中没有第 {id} 条记录。请刷新队列后重新选择。',
    en: 'There is no row {id} in the reporting queue. Refresh the queue and choose the row again.',
  },
  QUEUE_ROW_NOT_RETRYABLE: {
    zh: '第 {id} 条记录状态为 {state}，只有“需处理”的记录可以重新报送。请刷新队列查看其状态。',
    en: 'Row {id} is {state}; only rows needing attention can be sent again. Refresh the queue to see its state.',
  },
  // A back-fill refused for good, resolved by a supervisor (第三十二条(五); monitoring/resolve.ts).
  QUEUE_RESOLUTION_NOT_APPLICABLE: {
    zh: '第 {id} 条记录不能这样处理：{whyZh}。请选择适用于该记录的处理方式。',
    en: 'Row {id} cannot be resolved this way: {whyEn}. Choose a resolution that fits the row.',
  },
  QUEUE_RESOLVE_UNREACHABLE: {
    zh: '现在无法连接监测系统（{reason}），未做任何处理。请稍后再试，或在外汇局网页录入后按“页面录入”处理。',
    en: 'The monitoring system cannot be reached now ({reason}); nothing was done. Try again later, or enter it on SAFE\'s web page and resolve it as a page-mode entry.',
  },
  QUEUE_RESOLVE_REFUSED: {
    zh: '监测系统拒绝：{reason}。未做任何处理。请按原因处理，或在外汇局网页录入后按“页面录入”处理。',
    en: 'The monitoring system refused: {reason}. Nothing was done. Deal with the reason, or enter it on SAFE\'s web page and resolve it as page mode.',
  },
  QUEUE_REF_NO_NOT_FOUND: {
    zh: '监测系统中没有外管业务参号 {refNo} 的有效记录。请核对页面上的参号。',
    en: 'The monitoring system holds no standing record with reference number {refNo}. Check the reference number on the page.',
  },
  QUEUE_REF_NO_MISMATCH: {
    zh: '外管业务参号 {refNo} 的记录与水单 {receiptNo} 不符：{whatZh}。请核对页面上的参号。',
    en: 'The record with reference number {refNo} does not match receipt {receiptNo}: {whatEn}. Check the reference number on the page.',
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
  LIVE_WITHOUT_MONITORING: {
    zh: '未启动：{file} 配置了网点，但没有监测系统地址（monitoring.url）。真实交易必须报送个人外汇业务监测系统；请填写 monitoring.url，或如需培训请写明 "training": true。',
    en: 'Not started: {file} configures an outlet but no monitoring-system address (monitoring.url). Real trades must be reported to SAFE\'s monitoring system: add monitoring.url, or for training say "training": true.',
  },
  CONFIG_INVALID: {
    zh: '未启动：{file} 有误：{problemZh}。请按 README 的“Configure for real trading”一节改正后重新启动。',
    en: 'Not started: {file} is wrong: {problemEn}. Correct it as the README\'s "Configure for real trading" shows, and start again.',
  },
  DATA_FOLDER_NOT_A_FOLDER: {
    zh: '数据目录 {path} 是一个文件，不是文件夹，什么也没有做。请用 --data 指定一个文件夹（不存在时会新建），或把这个文件移走后重新启动。',
    en: 'The data folder {path} is a file, not a folder; nothing was done. Give --data a folder (one that does not exist yet is made), or move that file away and start again.',
  },
  DATA_FILE_NOT_A_FILE: {
    zh: '{file} 应是一个文件，这里却是文件夹（或其他非文件），什么也没有做。请检查它是怎么来的，把它移出 {dataDir} 后重新启动；如果账本在它里面，请按 docs/backups.md 从备份恢复。',
    en: '{file} should be a file, but here it is a folder (or something else that is no file); nothing was done. See how it got there, move it out of {dataDir} and start again; if the ledger is inside it, restore as docs/backups.md shows.',
  },
  START_FAILED: {
    zh: '兑换柜台未能启动：{reason}。请联系技术支持，并告知这条信息。',
    en: 'The teller terminal could not start: {reason}. Call support and give them this message.',
  },
  LIVE_WITHOUT_PRINTER: {
    zh: '未启动：{file} 配置了真实交易，但没有收据打印机（printer）。每笔兑换都必须当场打印连续编号的水单（第三十五条）；请在 printer 中填写打印机的地址（浏览器模式也可用 --printer HOST:PORT），或如需培训请写明 "training": true。',
    en: 'Not started: {file} sets up real trading but no receipt printer (printer). Every exchange must print its numbered receipt at the counter (第三十五条): add the printer\'s address as printer (in browser mode --printer HOST:PORT also works), or for training say "training": true.',
  },
  HOST_NOT_ALLOWED: {
    zh: '拒绝：请求的主机名“{host}”不是本终端（127.0.0.1、localhost 或 [::1] 及其端口）。请用终端启动时显示的地址打开页面。',
    en: 'Refused: the host name "{host}" is not this terminal (127.0.0.1, localhost or [::1] with its port). Open the page at the address the terminal printed when it started.',
  },
  ORIGIN_NOT_ALLOWED: {
    zh: '拒绝：请求来自其他网页（{origin}），不是本终端的页面。',
    en: 'Refused: the request comes from another page ({origin}), not this terminal\'s own.',
  },
  OUTLET_MISMATCH: {
    zh: '此数据库属于网点 {dbOutlet}，不是 {configOutlet}。请打开本网点的数据库。',
    en: 'This database belongs to outlet {dbOutlet}, not {configOutlet}. Open this outlet\'s database.',
  },
  DATABASE_NEWER: {
    zh: '数据库版本 {dbVersion} 比本程序（{appVersion}）新。请安装最新版本的程序。',
    en: 'The database is version {dbVersion}, newer than this program ({appVersion}). Install the latest version of the program.',
  },
  // ---- the ledger at rest, backups and the clock (issue 7) ----
  LEDGER_KEY_WRONG: {
    zh: '无法打开账本 {file}：密钥不对，或文件开头已损坏。请用本机的密钥重新启动；在新电脑上请把经理封存的密钥设为 TERMINAL_DB_KEY 后启动。如密钥无误，请从备份恢复（npm run restore -- --data {dataDir} --from 备份文件）。',
    en: 'The ledger {file} cannot be opened: the key is wrong, or the start of the file is damaged. Start with this PC\'s key; on a replacement PC set TERMINAL_DB_KEY to the key the manager keeps sealed. If the key is right, restore from a backup (npm run restore -- --data {dataDir} --from BACKUP_FILE).',
  },
  LEDGER_KEY_MISSING: {
    zh: '账本 {file} 已加密，但本机没有它的密钥（{where}）。请把经理封存的密钥设为环境变量 TERMINAL_DB_KEY 后重新启动。没有密钥，账本中的数据无法读取。',
    en: 'The ledger {file} is encrypted but its key is not on this PC ({where}). Set the environment variable TERMINAL_DB_KEY to the key the manager keeps sealed and start again. Without the key the ledger cannot be read.',
  },
  LEDGER_KEY_INVALID: {
    zh: '{source} 中的账本密钥格式不对：应为 64 位十六进制字符（0-9、a-f）。请按经理封存的密钥重新输入。',
    en: 'The ledger key in {source} has the wrong format: it must be 64 hexadecimal characters (0-9, a-f). Type the key again as the manager keeps it.',
  },
  LEDGER_DAMAGED: {
    zh: '账本已损坏（{problem}），为保护数据，终端只能查询，不能办理任何业务。请关闭终端，从最近的备份恢复：在桌面程序菜单中选择“从备份恢复”，或运行 npm run restore -- --data {dataDir} --from 备份文件（备份在 {backupDir}）。',
    en: 'The ledger is damaged ({problem}): to protect the records the terminal only answers queries and does no business. Close the terminal and restore the latest backup: "Restore from backup" in the desktop menu, or npm run restore -- --data {dataDir} --from BACKUP_FILE (backups are in {backupDir}).',
  },
  CLOCK_BEHIND: {
    zh: '本机时钟（{now}）早于终端上次记录的时间 {last}（相差 {minutes} 分钟）。请先校正电脑时钟；如当前时间确实无误，须由主管确认时间后才能继续办理业务。',
    en: 'The PC clock ({now}) is earlier than the last time the terminal recorded, {last} ({minutes} minutes). Set the PC clock right; if the time shown is correct, a supervisor must confirm the time before business can go on.',
  },
  BACKUP_FAILED: {
    zh: '备份未完成：{reason}。原有备份未受影响。请检查备份文件夹 {dir}（剩余空间、权限）后重试。',
    en: 'The backup was not made: {reason}. Earlier backups are untouched. Check the backup folder {dir} (free space, permissions) and try again.',
  },
  BACKUP_VERIFY_FAILED: {
    zh: '新备份 {file} 校验未通过（{problem}），已删除。请重新备份；如仍失败，账本可能已损坏，请联系技术支持。',
    en: 'The new backup {file} failed its check ({problem}) and was deleted. Back up again; if it fails again the ledger may be damaged: call support.',
  },
  BACKUP_NOT_FOUND: {
    zh: '备份文件夹中没有备份 {file}。请从备份列表中选择。',
    en: 'There is no backup {file} in the backup folder. Choose one from the list of backups.',
  },
  RESTORE_FILE_NOT_FOUND: {
    zh: '没有找到备份文件 {file}，未恢复任何内容。请核对路径后重试：备份默认在数据文件夹的 backups 文件夹中，文件名如 PEK-T3-01_20260310T150000Z_v8.sqlite。',
    en: 'There is no backup file {file}; nothing was restored. Check the path and try again: backups are in the data folder\'s backups folder by default, named like PEK-T3-01_20260310T150000Z_v8.sqlite.',
  },
  RESTORE_BACKUP_DAMAGED: {
    zh: '备份文件 {file} 校验未通过（{problem}），不能用于恢复。请选择另一个备份。',
    en: 'The backup {file} failed its check ({problem}) and cannot be restored. Choose another backup.',
  },
  RESTORE_OTHER_OUTLET: {
    zh: '此备份属于机构 {backupInstitution} 的网点 {backupOutlet}，而本终端是机构 {targetInstitution} 的网点 {targetOutlet}。不能恢复其他网点的备份：请选择本网点的备份。',
    en: 'This backup belongs to outlet {backupOutlet} of institution {backupInstitution}; this terminal is outlet {targetOutlet} of institution {targetInstitution}. Another outlet\'s backup cannot be restored here: choose a backup of this outlet.',
  },
  RESTORE_NEWER_VERSION: {
    zh: '此备份的数据库版本 {backupVersion} 比本程序（{appVersion}）新，不能恢复。请先安装最新版本的程序，再恢复此备份。',
    en: 'This backup is database version {backupVersion}, newer than this program ({appVersion}), and cannot be restored. Install the latest version of the program first, then restore it.',
  },
  RESTORE_TERMINAL_RUNNING: {
    zh: '终端程序正在使用账本 {file}，不能恢复。请先关闭终端（桌面程序和浏览器模式），再运行恢复。',
    en: 'The terminal is using the ledger {file}, so it cannot be restored now. Close the terminal (desktop app and browser mode) first, then restore.',
  },
  RESTORE_NO_OUTLET: {
    zh: '{dataDir} 中没有 terminal.json，也没有本网点的账本，无法确认备份属于本网点。请先按 README 写好 terminal.json（网点信息），再恢复。',
    en: 'There is no terminal.json and no ledger of this outlet in {dataDir}, so the backup cannot be checked against the outlet. Write terminal.json (the outlet, see README) first, then restore.',
  },
  RESTORE_HISTORY_BROKEN: {
    zh: '中心发来的柜台记录在第 {seq} 条处不连贯（{problem}），未恢复任何内容。请联系总部核查中心的数据。',
    en: 'The counter\'s history from the hub does not hold together at entry {seq} ({problem}). Nothing was restored; ask HQ to examine the hub\'s copy.',
  },
  RESTORE_HISTORY_NEWER: {
    zh: '中心的记录含有本程序不认识的内容（表 {table} {column}）：由更新版本的程序写成。请先安装最新版本的程序，再从中心恢复。',
    en: 'The hub\'s history holds what this program does not know (table {table} {column}): it was written by a newer version. Install the latest version first, then restore from the hub.',
  },
  RESTORE_HUB_NOT_SET: {
    zh: '{dataDir} 的 terminal.json 没有写中心地址（hub.url）或柜台编号（outlet.terminalId），不能从中心恢复。请按 README 写好后再恢复。',
    en: 'terminal.json in {dataDir} does not name the hub (hub.url) or the counter (outlet.terminalId), so nothing can be restored from the hub. Write them (see README) first.',
  },
  RESTORE_LEDGER_DIVERGED: {
    zh: '本机账本有 {trades} 笔交易，其记录与中心的不同（第 {seq} 条起）：不能用中心的记录覆盖。账本未改动；请联系总部核查这台电脑。',
    en: 'The ledger here holds {trades} trades and its trail differs from the hub\'s from entry {seq}: the hub\'s history cannot replace it. Nothing was changed; ask HQ to examine this PC.',
  },
  RESTORE_HUB_NOTHING_NEW: {
    zh: '本机账本已包含中心保存的这个柜台的全部记录（至第 {held} 条），无需从中心恢复。账本未改动；直接启动终端即可。',
    en: 'The ledger here already holds everything the hub holds of this counter (to entry {held}): there is nothing to restore. Nothing was changed; start the terminal.',
  },
  RESTORE_HUB_EMPTY: {
    zh: '中心没有柜台 {terminal} 的任何记录，无需从中心恢复。请直接启动终端：新柜台无需恢复。',
    en: 'The hub holds nothing of counter {terminal}: there is nothing to restore. Start the terminal instead: a new counter needs no restore.',
  },
  INTERNAL_ERROR: {
    zh: '系统内部错误，本次操作未保存。请重试；如仍失败，请联系技术支持（代码 {ref}）。',
    en: 'Internal error; nothing was saved. Try again; if it fails again, call support (reference {ref}).',
  },

  // ---- people, sign-in and approvals (issue 7): nothing is written, except the count of wrong passwords ----
  NOT_SIGNED_IN: {
    zh: '尚未登录，或已退出。请用工号和密码登录。',
    en: 'Not signed in, or signed out. Sign in with your staff ID and password.',
  },
  SESSION_EXPIRED: {
    zh: '超过 {minutes} 分钟无操作，已自动退出。请重新登录。',
    en: 'Signed out after {minutes} minutes without activity. Sign in again.',
  },
  ROLE_NOT_ALLOWED: {
    zh: '您的角色（{role}）不能办理此项操作（{method}）。请由有权限的人员办理。',
    en: 'Your role ({role}) may not do this ({method}). Ask someone whose role allows it.',
  },
  ACTOR_MISMATCH: {
    zh: '操作人 {given} 不是当前登录的 {signedIn}。请以本人工号登录后办理。',
    en: 'The operator {given} is not {signedIn}, who is signed in. Sign in as yourself to do this.',
  },
  SIGN_IN_FAILED: {
    recorded: true,
    zh: '工号或密码不对。请重新输入；登录时连续输错 5 次将锁定，须由经理解锁。',
    en: 'Wrong staff ID or password. Type them again; 5 wrong passwords in a row at sign-in lock the account until a manager unlocks it.',
  },
  ACCOUNT_LOCKED: {
    recorded: true,
    zh: '工号 {id} 因连续 {n} 次输错密码已锁定。请经理在“人员”中解锁。',
    en: 'Staff ID {id} is locked after {n} wrong passwords in a row. Ask a manager to unlock it under People.',
  },
  ACCOUNT_DISABLED: {
    recorded: true,
    zh: '工号 {id} 已停用。如有疑问请联系经理。',
    en: 'Staff ID {id} is disabled. Ask a manager if this is a mistake.',
  },
  PEOPLE_EXIST: {
    zh: '本终端已有人员，不能再用首次设置创建经理。请由经理登录后在“人员”中添加。',
    en: 'This terminal already has people: first-run set-up cannot be used again. A manager adds people under People after signing in.',
  },
  PERSON_EXISTS: {
    zh: '工号 {id} 已存在（工号不区分大小写，停用的工号也不能再用）。请换一个工号。',
    en: 'Staff ID {id} already exists (IDs ignore case, and a disabled ID is not reused). Choose another ID.',
  },
  PERSON_NOT_KNOWN: {
    zh: '没有工号 {id}。请核对工号。',
    en: 'There is no staff ID {id}. Check the ID.',
  },
  PASSWORD_TOO_SHORT: {
    zh: '密码至少 {min} 个字符，且不能与工号相同。请换一个密码。',
    en: 'A password has at least {min} characters and is not the staff ID. Choose another password.',
  },
  OLD_PASSWORD_REQUIRED: {
    zh: '请输入原密码后再修改本人密码。',
    en: 'Type your current password to change it.',
  },
  CANNOT_DISABLE_SELF: {
    zh: '不能停用自己的工号。请由另一位经理办理。',
    en: 'You cannot disable your own staff ID. Ask another manager.',
  },
  APPROVER_NOT_SUPERVISOR: {
    zh: '工号 {id} 不是主管或经理，不能批准。请由主管输入其工号和密码。',
    en: 'Staff ID {id} is not a supervisor or manager and cannot approve. Ask a supervisor to type their ID and password.',
  },
  APPROVER_IS_REQUESTER: {
    zh: '不能批准自己的操作。请由另一位主管输入其工号和密码。',
    en: 'You cannot approve your own request. Ask another supervisor to type their ID and password.',
  },
  APPROVAL_INVALID: {
    zh: '主管批准无效（本终端未出具，或已重启）。请主管重新批准。',
    en: 'The supervisor\'s approval is not valid (not given on this terminal, or it restarted). Ask the supervisor to approve again.',
  },
  APPROVAL_EXPIRED: {
    zh: '主管批准已超过 {minutes} 分钟有效期。请主管重新批准。',
    en: 'The supervisor\'s approval is older than {minutes} minutes. Ask the supervisor to approve again.',
  },
  APPROVAL_MISMATCH: {
    zh: '主管批准的是另一项操作（批准：{approvedFor}；本次：{usedFor}）。请主管就本项操作重新批准。',
    en: 'The supervisor approved something else (approved: {approvedFor}; this: {usedFor}). Ask the supervisor to approve this one.',
  },
  APPROVAL_USED: {
    zh: '此主管批准已使用过，每次批准只能用于一项操作。请主管重新批准。',
    en: 'This approval has already been used; an approval is good for one action only. Ask the supervisor to approve again.',
  },
  APPROVAL_THROTTLED: {
    recorded: true,
    zh: '{window} 分钟内主管工号或密码已输错 {n} 次，本工号暂停申请主管批准。请 {minutes} 分钟后再试；主管本人的登录不受影响。',
    en: 'The supervisor\'s ID or password was wrong {n} times within {window} minutes: approvals for you are paused. Try again in {minutes} minutes; the supervisor\'s own sign-in is not affected.',
  },

  // ---- refusals by a counter rule: recorded as attempts ----
  FUND_ATTRIBUTE_INVALID: {
    zh: '资金属性 {code} 不适用于{kindZh}（第三十二条(三)）。可用：{allowed}。请重新选择资金属性。',
    en: 'Fund attribute {code} does not fit {kindEn} (第三十二条(三)). Allowed: {allowed}. Choose the fund attribute again.',
  },
  FOREIGN_PURCHASE_NOT_ALLOWED: {
    attempt: true,
    zh: '境外个人只能办理结汇，或将以前兑换所得的人民币兑回外币（第二十九条）。此笔不是兑回，不能办理。如为兑回，请录入原兑换水单号。',
    en: 'A foreign individual may only sell foreign currency, or change back RMB from an earlier exchange (第二十九条). This is not a reconversion and cannot be done. For a reconversion, enter the original exchange receipt\'s number.',
  },
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
    zh: '原兑换水单 {receiptNo} 不能用于兑回：{reasonZh}（第三十一条）。请与客户出示的原水单核对号码；没有有效的原水单，不能办理兑回。',
    en: 'Original receipt {receiptNo} cannot be used for reconversion: {reasonEn} (第三十一条). Check the number against the receipt the customer shows; without a valid original receipt there is no reconversion.',
  },
  LIMIT_HOLD_UNCONFIRMED: {
    zh: '总部中心已答复该客户今日在其他柜台的兑换，但未能及时确认本笔额度，未办理。请重新报价；中心断开时，本柜台将按自身记录办理。',
    en: 'The hub told the customer\'s trades at the other counters but did not confirm this trade\'s share of the daily limit in time; nothing was done. Quote again; with the hub away, this counter decides on its own records.',
  },
  RECEIPT_HOLD_UNCONFIRMED: {
    zh: '原水单 {receiptNo} 由本机构其他柜台出具，总部中心未能及时确认其剩余金额，未办理。请稍后重试；中心断开期间，只能办理本柜台出具的水单的兑回。',
    en: 'Original receipt {receiptNo} was issued at another counter and the hub did not confirm in time what is left on it; nothing was done. Try again shortly; while the hub is away, only receipts issued at this counter can be changed back.',
  },
  RECEIPT_HUB_NEEDED: {
    zh: '原水单 {receiptNo} 由本柜台出具，已同步到总部中心，其他柜台可能已按其办理过兑回；总部中心未能及时确认剩余金额，未办理。请联网后重试（第三十一条）。',
    en: 'Original receipt {receiptNo} was issued at this counter and has reached the hub, so another counter may have changed part of it back; the hub did not confirm in time what is left on it, and nothing was done. Try again once the hub answers (第三十一条).',
  },
  RECONVERSION_EXCEEDS_RECEIPT: {
    attempt: true,
    zh: '兑回金额 {amount} 超过原水单 {receiptNo} 尚未兑回的人民币 {remaining}（第三十一条）。请减少金额。',
    en: 'The reconversion of {amount} is more than the {remaining} not yet reconverted on receipt {receiptNo} (第三十一条). Reduce the amount.',
  },

  // ---- reserves, cash by note and the day close (issue 6) ----
  RESERVE_BANKS_MAX: {
    zh: '备付金账户开户银行原则上不多于 {max} 家（第四十二条）。已在 {banks} 开户；请在这些银行中开立。',
    en: 'Reserve accounts may be held at no more than {max} banks (第四十二条); accounts exist at {banks}. Open the account at one of them.',
  },
  RESERVE_RMB_PAIR_MISSING: {
    zh: '开立外币备付金账户须同时在该行开立对应的人民币备付金账户（第四十二条(二)）。请先在 {bank} 开立人民币备付金账户。',
    en: 'An FX reserve account needs its RMB reserve account at the same bank (第四十二条(二)). Open the RMB reserve account at {bank} first.',
  },
  RESERVE_ACCOUNT_EXISTS: {
    zh: '{bank} 已有 {currency} 备付金账户（{accountNo}）。请使用该账户，或在其他银行开立。',
    en: '{bank} already holds a {currency} reserve account ({accountNo}). Use that account, or open one at another bank.',
  },
  RESERVE_ACCOUNT_UNKNOWN: {
    zh: '没有备付金账户 {account}。请从备付金账户列表中选择。',
    en: 'There is no reserve account {account}. Choose one from the list of reserve accounts.',
  },
  RESERVE_CURRENCY_MISMATCH: {
    zh: '账户 {account} 是 {accountCurrency} 账户，不能收付 {currency}。请选择 {currency} 账户。',
    en: 'Account {account} holds {accountCurrency}; it cannot take or pay {currency}. Choose a {currency} account.',
  },
  RESERVE_INSUFFICIENT: {
    zh: '{place} 的 {currency} 余额只有 {available}，不够 {needed}。请核对金额，或先调入资金。',
    en: '{place} holds only {available} in {currency}, not enough for {needed}. Check the amount, or move money in first.',
  },
  BASIC_ACCOUNT_MISSING: {
    zh: '尚未登记基本存款账户。请经理先在备付金设置中登记基本户。',
    en: 'No basic account is registered. A manager must register the basic account in the reserve settings first.',
  },
  TRANSFER_ONCE_A_MONTH: {
    zh: '备付金{directionZh}每月限办理一次（第四十四条）；本月已于 {date} 办理。下月再办理。',
    en: 'A reserve transfer {directionEn} the basic account is allowed once a month (第四十四条); this month\'s was on {date}. Wait for next month.',
  },
  TRANSFER_RMB_ONLY: {
    zh: '基本户与备付金账户间只能划转人民币（第四十四条）。外币请通过调剂办理。',
    en: 'Only RMB moves between the basic account and the reserve accounts (第四十四条). Use a rebalancing for foreign currency.',
  },
  REBALANCE_NOT_ALLOWED: {
    zh: '{channelZh}不能办理此项调剂：{whyZh}（第四十五条）。请选择允许此项调剂的渠道。',
    en: 'Rebalancing {channelEn} cannot do this: {whyEn} (第四十五条). Choose a channel that allows it.',
  },
  REBALANCE_DETAILS_MISSING: {
    zh: '调剂须填写{fieldZh}（第四十六条台账）。请填写后再提交。',
    en: 'Rebalancing needs {fieldEn} for the reserve ledger (第四十六条). Enter it and submit again.',
  },
  RESERVE_EXPENSE_FORBIDDEN: {
    zh: '备付金专款专用，不得支付日常费用（第四十一条）。请从基本户支付费用。',
    en: 'Reserves are ring-fenced and may not pay expenses (第四十一条). Pay the expense from the basic account.',
  },
  CASH_NOT_TO_OTHER_ACCOUNTS: {
    zh: '库存备付金现钞只能存入备付金账户（第四十三条(三)）。请选择备付金账户。',
    en: 'Reserve cash may be deposited only into a reserve account (第四十三条(三)). Choose a reserve account.',
  },
  NOTES_INVALID: {
    zh: '券别有误：{problemZh}。请按面额重新清点。',
    en: 'The notes are wrong: {problemEn}. Count them by denomination again.',
  },
  NOTES_UNAVAILABLE: {
    zh: '{location}没有足够的 {currency} 券别：{missing}。请调整券别或先从保险柜调入。',
    en: 'The {locationEn} lacks these {currency} notes: {missing}. Choose other notes or move notes from the safe first.',
  },
  CHANGE_UNAVAILABLE: {
    zh: '尾箱中的 {currency} 券别凑不出 {amount}。请从保险柜调入零钞，或输入实付券别。',
    en: 'The {currency} notes in the till cannot make up {amount}. Move change from the safe, or enter the notes paid.',
  },
  OUTLET_CLOSE_NO_HUB: {
    zh: '本终端未连接机构中心：网点日终只在多柜台网点进行。请使用本柜台的日终，它即本网点的日终。',
    en: 'This terminal is not linked to the institution\'s hub: the outlet\'s close is for outlets with several counters. Use this counter\'s day close: it is the outlet\'s.',
  },
  OUTLET_CLOSE_HUB_OFFLINE: {
    zh: '无法联系机构中心，不能做网点日终。各柜台可先各自日终；请联网后再做网点日终。',
    en: 'The hub cannot be reached, so the outlet cannot be closed. Each counter can close its own day; close the outlet once online.',
  },
  OUTLET_COUNTER_NOT_CLOSED: {
    zh: '本柜台尚未对 {date} 做柜台日终。请先完成本柜台日终，再做网点日终。',
    en: 'This counter has not closed {date} yet. Close this counter\'s day first, then the outlet\'s.',
  },
  OUTLET_COUNTERS_OPEN: {
    zh: '网点尚有柜台未对 {date} 日终：{counters}。请这些柜台先日终，或注明原因免于日终（如停用、未营业）。',
    en: 'Counters of the outlet have not closed {date}: {counters}. Have them close first, or excuse each with a reason (out of service, not opened).',
  },
  OUTLET_DAY_CLOSED: {
    zh: '网点 {date} 已由 {by} 于 {at} 完成网点日终。无需再日终；请在网点日终页查看结果。',
    en: 'The outlet\'s {date} was closed by {by} at {at}. Nothing more to close: open the outlet\'s close to see it.',
  },
  RESERVE_HUB_OFFLINE: {
    zh: '无法联系机构中心：备付金与基本户之间的划转每月限办理一次，以全机构计（第四十四条），须由机构中心确认。请联网后再办理。',
    en: 'The hub cannot be reached: a transfer between the basic account and the reserves is allowed once a month for the whole institution (第四十四条), which the hub confirms. Try again online.',
  },
  RESERVE_BALANCE_OFFLINE: {
    zh: '无法联系机构中心：备付金账户属于全机构，各柜台都在使用，从中支出须由机构中心按全机构余额确认。请联网后再办理；存入不受影响。',
    en: 'The hub cannot be reached: the reserve accounts are the institution\'s, used by every counter, so money leaving one is confirmed by the hub against the institution\'s balance. Try again online; deposits are not affected.',
  },
  RESERVES_SET_AT_HQ: {
    zh: '本柜台已接入机构中心：备付金账户和基本户由总部在机构中心登记（全机构不超过 {max} 家银行，第四十二条），登记后自动下发到各柜台。请联系总部。',
    en: 'This counter is linked to the institution\'s hub: the reserve accounts and the basic account are registered by HQ at the hub (at most {max} banks for the institution, 第四十二条) and reach every counter from there. Ask HQ.',
  },
  TRANSFER_NO_HUB: {
    zh: '本终端未连接机构中心，不能向其他柜台调拨现钞。尾箱与本机保险柜之间请用“尾箱↔保险柜”调剂。',
    en: 'This terminal is not linked to the institution\'s hub, so it cannot send notes to another counter. Between the till and this PC\'s safe, use the till ↔ safe movement.',
  },
  TRANSFER_COUNTER_UNKNOWN: {
    zh: '柜台 {counter} {whyZh}。请核对收款柜台编号。',
    en: 'Counter {counter} {whyEn}. Check the receiving counter\'s id.',
  },
  TRANSFER_HUB_OFFLINE: {
    zh: '无法联系机构中心，不能确认其他网点的柜台 {counter}。请联网后再试，或先调拨给本网点的柜台。',
    en: 'The hub cannot be reached to check counter {counter} of another outlet. Try again online, or send to a counter of this outlet.',
  },
  TRANSFER_NOT_FOUND: {
    zh: '本柜台没有待清点的调拨 {id}。请在“在途调拨”列表中选择。',
    en: 'This counter has no transfer {id} to count. Choose one from the list of transfers in transit.',
  },
  TRANSFER_ALREADY_RECEIVED: {
    zh: '调拨 {id} 已于 {at} 由 {by} 清点入库，不能再次入库。请刷新调拨列表。',
    en: 'Transfer {id} was counted in by {by} at {at}; it cannot be received again. Refresh the list of transfers.',
  },
  TRANSFER_COUNT_DIFFERS: {
    zh: '清点金额与调出金额不符（调出 {sent}，清点 {counted}）。请重新清点；确有长短款须填写原因并由主管批准。',
    en: 'The count differs from what was sent ({sent} sent, {counted} counted). Count again; a real over or short needs a reason and a supervisor\'s approval.',
  },
  DAY_CLOSED: {
    zh: '营业日 {date} 已日终，不能再记入该日。更正请在以后的营业日以冲正办理。',
    en: 'Business day {date} is closed; nothing more can be dated to it. Make corrections as reversals on a later day.',
  },
  DAY_CLOSE_ORDER: {
    zh: '须先对 {earlier} 做日终，再做 {date} 的日终。',
    en: 'Close {earlier} before closing {date}.',
  },
  DAY_CLOSE_FUTURE: {
    zh: '{date} 尚未到来，不能日终。请在当日营业结束后再日终。',
    en: '{date} has not come yet; it cannot be closed. Close it once that day\'s business is over.',
  },
  DAY_CLOSE_COUNT_MISSING: {
    zh: '尚未清点 {missing}。请逐一清点尾箱和保险柜的每个币种。',
    en: 'Not counted yet: {missing}. Count every currency in the till and the safe.',
  },
  DAY_CLOSE_VARIANCE_UNEXPLAINED: {
    zh: '清点与账面不符：{differences}。请填写原因并由主管批准。',
    en: 'The count differs from the books: {differences}. Give the reason and have a supervisor approve.',
  },
  DAY_CLOSE_RECONCILIATION_OPEN: {
    zh: '三方核对尚有 {count} 项差异未说明处理结果。请逐项填写处理结果。',
    en: 'The three-way reconciliation has {count} differences without a resolution. Record how each was resolved.',
  },
  DAY_CLOSE_AUDIT_BROKEN: {
    zh: '审计记录校验失败（第 {entry} 条：{reason}）。请联系经理，不能日终。',
    en: 'The audit trail fails verification (entry {entry}: {reason}). Call the manager; the day cannot be closed.',
  },
  REPORT_IDENTITY_BROKEN: {
    zh: '报表 {form} 的勾稽关系不成立：{identity}。报表未生成，请联系技术支持。',
    en: 'Report {form} fails its identity {identity}. The report was not produced; call support.',
  },
  REPORT_PERIOD_INVALID: {
    zh: '报表期间有误：{problemZh}。请选择正确的期间。',
    en: 'The report period is wrong: {problemEn}. Choose a valid period.',
  },
  REPORT_FONT_MISSING: {
    zh: '找不到中文字体，无法生成 PDF 报表（已查找：{searched}）。请安装中文字体：Debian/Ubuntu 执行 apt-get install fonts-noto-cjk；Windows 使用系统自带的黑体 simhei.ttf 或微软雅黑 msyh.ttc；或将环境变量 TELLER_REPORT_FONT 设为字体文件路径。XLSX 导出不受影响。',
    en: 'No Chinese font was found, so the PDF report cannot be made (looked in: {searched}). Install one: on Debian/Ubuntu apt-get install fonts-noto-cjk; on Windows the system\'s SimHei (simhei.ttf) or Microsoft YaHei (msyh.ttc); or set TELLER_REPORT_FONT to a font file. XLSX export still works.',
  },
  REPORT_FONT_UNUSABLE: {
    zh: '字体文件 {path} 无法用于 PDF 报表（{reason}）。请改用 TrueType/OpenType 中文字体（.ttf/.otf/.ttc），.ttc 可写作“路径#字体PostScript名”。',
    en: 'The font file {path} cannot be used for PDF reports ({reason}). Use a TrueType/OpenType Chinese font (.ttf/.otf/.ttc); for a .ttc you may write "path#PostScriptName".',
  },

  // ---- the working-day calendar and 附表3 consolidation (issue 6) ----
  CALENDAR_YEAR_MISSING: {
    zh: '没有 {year} 年的节假日安排（国务院办公厅通知），无法计算工作日和报表报送期限。请经理在“节假日安排”页导入 {year} 年的节假日安排。',
    en: 'The {year} public-holiday arrangement (the State Council notice) is not loaded, so working days and report due dates cannot be worked out. Ask a manager to load the {year} calendar (the Holiday calendar tab).',
  },
  CALENDAR_INVALID: {
    zh: '{year} 年节假日安排有误：{problemZh}。请对照国务院办公厅通知核对后重新导入。',
    en: 'The {year} holiday arrangement is wrong: {problemEn}. Check it against the State Council notice and load it again.',
  },
  EXPORT_MALFORMED: {
    zh: '文件 {file} 不是有效的网点月报导出文件：{problemZh}。请让该网点重新导出。',
    en: 'File {file} is not a valid outlet monthly-report export: {problemEn}. Ask the outlet to export it again.',
  },
  EXPORT_SIGNATURE_INVALID: {
    zh: '文件 {file}（网点 {outlet}）的签名不符：文件在签名后被改动过。不能汇总；请让该网点重新导出。',
    en: 'The signature of file {file} (outlet {outlet}) does not match: the file was changed after it was signed. It cannot be consolidated; ask the outlet to export it again.',
  },
  EXPORT_SIGNER_UNKNOWN: {
    zh: '文件 {file} 的签名密钥不是总部登记的网点 {outlet} 的密钥。不能汇总；请核实该文件来源，或登记该网点的新公钥。',
    en: 'File {file} is signed with a key headquarters has not registered for outlet {outlet}. It cannot be consolidated; check where the file came from, or register the outlet\'s new public key.',
  },
  EXPORT_MONTH_MISMATCH: {
    zh: '文件 {file}（网点 {outlet}）是 {month} 月的报表，而其他文件是 {expected} 月的。请只选择同一月份的文件。',
    en: 'File {file} (outlet {outlet}) is the report for {month}; the other files are for {expected}. Choose files of one month only.',
  },
  EXPORT_CONVERSION_MISMATCH: {
    zh: '文件 {file}（网点 {outlet}）使用 {conversionMonth} 月的美元折算率，而其他文件使用 {expected} 月的。请让该网点用同一折算率表重新导出。',
    en: 'File {file} (outlet {outlet}) uses the USD conversion rates of {conversionMonth}; the other files use those of {expected}. Ask the outlet to export again with the same table.',
  },
  EXPORT_INSTITUTION_MISMATCH: {
    zh: '文件 {file}（网点 {outlet}）属于 {institution}，不是 {expected}。附表3 只汇总本机构的网点。请移除该文件后重新汇总。',
    en: 'File {file} (outlet {outlet}) belongs to {institution}, not {expected}. Form 3 consolidates this institution\'s outlets only. Remove that file and consolidate again.',
  },
  EXPORT_DUPLICATE_OUTLET: {
    zh: '网点 {outlet} 的报表出现了两次（{file} 和 {other}）。每个网点只能选择一个文件。',
    en: 'Outlet {outlet} appears twice ({file} and {other}). Choose one file per outlet.',
  },
  EXPORT_NONE: {
    zh: '没有选择要汇总的网点报表文件。请至少选择一个文件。',
    en: 'No outlet report files were chosen. Choose at least one file to consolidate.',
  },
  EXPORT_KEY_INVALID: {
    zh: '网点签名密钥文件 {path} 无法读取或不是 Ed25519 私钥。请从备份恢复该文件；如须更换密钥，请先通知总部登记新公钥。',
    en: 'The outlet signing key file {path} cannot be read or is not an Ed25519 private key. Restore it from backup; to replace the key, tell headquarters to register the new public key first.',
  },

  // ---- the hub (issue 16): a terminal's events refused, nothing stored ----
  HUB_TERMINAL_UNKNOWN: {
    zh: '终端 {terminal} 未在中心登记。请总部先登记这台终端。',
    en: 'Terminal {terminal} is not enrolled at the hub. Ask HQ to enrol it first.',
  },
  HUB_BATCH_INVALID: {
    zh: '中心拒收这批事件：{problem}。未保存任何内容；请联系技术支持。',
    en: 'The hub refused this batch of events: {problem}. Nothing was stored; call support.',
  },
  HUB_EVENTS_GAP: {
    zh: '事件不连续：中心已收到第 {held} 条，这批从第 {from} 条开始。未保存任何内容；终端将从第 {next} 条重新发送。',
    en: 'The events do not follow on: the hub holds up to {held} and this batch starts at {from}. Nothing was stored; the terminal sends again from {next}.',
  },
  HUB_RESTORE_NEEDED: {
    zh: '中心已有这个柜台的 {held} 条记录，本机账本只有 {here} 条：这是替换旧电脑的新电脑。请先关闭终端，运行 npm run restore -- --data 数据文件夹 --from-hub 从中心恢复柜台，再办理业务；恢复前不向中心发送任何内容。',
    en: 'The hub holds {held} entries of this counter and this ledger only {here}: this is a new PC in place of the old one. Close the terminal and run npm run restore -- --data DIR --from-hub to restore the counter from the hub before serving; nothing is sent to the hub until then.',
  },
  COUNTER_AWAITING_HUB: {
    zh: '本柜台尚未与机构中心联系过，还没有领到水单本，不能办理业务（未写入任何内容）。请检查网络，首次联系中心后即可办理。',
    en: 'This counter has not reached the institution\'s hub yet and holds no receipt book, so it cannot serve customers (nothing was written). Check the network: it can once it first reaches the hub.',
  },
  COUNTER_NOT_RESTORED: {
    zh: '这台电脑替换了旧电脑，尚未从中心恢复柜台，不能办理业务（未写入任何内容）。请关闭终端，运行 npm run restore -- --data 数据文件夹 --from-hub，再启动终端。',
    en: 'This PC replaced the old one and the counter is not restored from the hub yet, so it cannot serve customers (nothing was written). Close the terminal, run npm run restore -- --data DIR --from-hub, then start it again.',
  },
  HUB_EVENTS_FORK: {
    zh: '第 {seq} 条事件与中心已收到的不一致：这台终端的审计记录被改动或替换过。未保存任何内容；请联系总部核查。',
    en: 'Event {seq} differs from the one the hub holds: this terminal\'s audit trail was changed or replaced. Nothing was stored; call HQ to examine it.',
  },
  HUB_OUTLET_UNKNOWN: {
    zh: '网点 {outlet} 未在中心登记。请先登记该网点（名称、城市、地址），再登记它的柜台。',
    en: 'Outlet {outlet} is not registered at the hub. Register the outlet (name, city, address) first, then its counters.',
  },
  HUB_COUNTER_ELSEWHERE: {
    zh: '终端 {terminal} 已登记在网点 {outlet}。一台终端只属于一个网点：新网点的柜台请用新的终端编号登记。',
    en: 'Terminal {terminal} is registered at outlet {outlet}. A terminal belongs to one outlet: register the new outlet\'s counter under a new terminal id.',
  },
  HUB_OUTLET_MISMATCH: {
    zh: '本终端设置为网点 {configured}，总部把它登记在网点 {registered}，未完成登记。请改正 terminal.json 的网点代码，或请总部为正确的网点登记柜台并给出新登记码。',
    en: 'This terminal is set up as outlet {configured}, but HQ registered it at outlet {registered}; it is not enrolled. Correct the outlet code in terminal.json, or ask HQ to register the counter at the right outlet and give a new code.',
  },
  HUB_ENROLMENT_CODE_INVALID: {
    zh: '登记码无效、已用过或已过期。请向总部索取这台终端的新登记码。',
    en: 'The enrolment code is wrong, used or expired. Ask HQ for a new code for this terminal.',
  },
  HUB_SIGNATURE_INVALID: {
    zh: '中心无法确认请求来自已登记的终端（{problem}）。请检查电脑时钟；如仍不行，请总部重新登记这台终端。',
    en: 'The hub cannot tell the request came from an enrolled terminal ({problem}). Check the PC clock; if that is right, ask HQ to enrol this terminal again.',
  },
  HUB_REPLAYED: {
    zh: '中心已收到过这个请求，不再重复处理。终端将重新发送。',
    en: 'The hub has already seen this request and does not take it twice. The terminal sends again.',
  },
  HUB_TERMINAL_REVOKED: {
    zh: '终端 {terminal} 已被总部停用，中心不再接收它的请求。请联系总部。',
    en: 'Terminal {terminal} was revoked by HQ: the hub takes nothing more from it. Call HQ.',
  },
  HUB_BOOK_UNKNOWN: {
    zh: '登记簿中没有水单本 {book}。请核对水单本编号（如 B0007）。',
    en: 'Receipt book {book} is not in the register. Check the book\'s code (e.g. B0007).',
  },
  HUB_BOOK_IN_USE: {
    zh: '水单本 {book} 仍由在用的终端 {terminal} 领用，不能收回：终端可能已离线使用其中的号码。请先停用该终端（换机、撤柜），再收回水单本。',
    en: 'Receipt book {book} is held by terminal {terminal}, which is in service: it may have used numbers of it offline. Revoke the terminal first (a PC replaced, a counter closed), then take the book back.',
  },
  HUB_BOOK_RETURNED: {
    zh: '水单本 {book} 已于 {at} 收回，未用号段已登记，无需再次收回：请在登记簿中查看。',
    en: 'Receipt book {book} was returned at {at}; its unused range is in the register. Nothing more to do: open the register to see it.',
  },
  HUB_CHAIN_BROKEN: {
    zh: '第 {seq} 条事件的审计链校验失败（{problem}）。未保存任何内容；请联系总部核查。',
    en: 'The audit chain breaks at event {seq} ({problem}). Nothing was stored; call HQ to examine it.',
  },
  // ---- issue 19 item 7 (inspection and retention: journal search, the day's archive) ----
  JOURNAL_RANGE_TOO_WIDE: {
    zh: '查询期间 {from} 至 {to} 共 {days} 天，超过 {max} 天。请缩短期间，或按水单号、客户证件查询（可跨任意期间）。',
    en: 'The period {from} to {to} is {days} days, more than {max}. Shorten it, or search by receipt number or the customer\'s ID (any period).',
  },
  JOURNAL_EXPORT_TOO_LARGE: {
    zh: '查询结果超过 {max} 笔，不能一次导出。请缩小查询条件（期间、币种、金额）后分批导出。',
    en: 'The search finds more than {max} trades, too many for one export. Narrow it (period, currency, amount) and export in parts.',
  },
  ARCHIVE_DAY_NOT_CLOSED: {
    zh: '营业日 {date} 尚未日终，没有当日存档。请先办理日终，存档在日终后生成。',
    en: 'Business day {date} is not closed, so it has no archive. Close the day first: the archive is made after the close.',
  },
  ARCHIVE_NOT_FOUND: {
    zh: '营业日 {date} 没有存档。若该日已日终，请用“生成存档”补做。',
    en: 'Business day {date} has no archive. If the day is closed, make it with "Make archive".',
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

/**
 * The most of any one detail a message quotes: a detail may come from the input (a field name, an
 * amount, a file name), and a hostile input may send a megabyte where a name belongs.
 */
export const MAX_DETAIL_CHARS = 300;

function clip(text: string): string {
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text;
}

/**
 * The details one language fills in: `{role}` takes `roleZh` in Chinese and `roleEn` in English
 * when the refusal gives them (shared/words.ts `worded`: an internal name such as `teller` or
 * `rates.set` is never what a person reads, issue 20 item 3), else `role` itself.
 */
export function detailsIn(details: Record<string, string>, lang: 'zh' | 'en'): Record<string, string> {
  const suffix = lang === 'zh' ? 'Zh' : 'En';
  const out: Record<string, string> = { ...details };
  for (const [k, v] of Object.entries(details)) if (k.endsWith(suffix) && k.length > 2) out[k.slice(0, -2)] = v;
  return out;
}

export function failure(code: ErrorCode, details: Record<string, string> = {}): Failure {
  const entry = ERRORS[code];
  const shown = Object.fromEntries(Object.entries(details).map(([k, v]) => [k, typeof v === 'string' ? clip(v) : v]));
  return { code, message: { zh: fillMessage(entry.zh, detailsIn(shown, 'zh')), en: fillMessage(entry.en, detailsIn(shown, 'en')) }, details: shown };
}

export function isAttempt(code: ErrorCode): boolean {
  return 'attempt' in ERRORS[code];
}

/** A refused sign-in: it may write the count of wrong passwords and an audit entry, nothing else. */
export function isRecorded(code: ErrorCode): boolean {
  return 'recorded' in ERRORS[code];
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
