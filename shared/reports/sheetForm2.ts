// 附表2 特许业务月报表 and 附表3 全国性经营机构全系统业务及备付金月报表 (第五十一条) laid out as a
// ReportSheet (shared/reports/sheet.ts): the same rows, in 万美元.
import { FORM2_FLOW_ROWS, type Form2, type Form2FlowRow } from './types';
import { amount, count, empty, label, signatureLine, yearMonth } from './sheetParts';
import type { ReportSheet, SheetColumn, SheetRow, SheetSignatures } from './sheetTypes';

const FORM2_LABELS: Record<Form2FlowRow, { text: string; indent: number }> = {
  customers: { text: '一、与客户买卖外币（1）', indent: 0 },
  domestic: { text: '境内个人', indent: 1 },
  domesticRealtime: { text: '其中：实时登录系统', indent: 2 },
  domesticBackfill: { text: '事后补录系统', indent: 3 },
  domesticNotEntered: { text: '未录入系统', indent: 3 },
  foreign: { text: '境外个人', indent: 1 },
  foreignRealtime: { text: '其中：实时登录系统办理', indent: 2 },
  foreignBackfill: { text: '事后补录系统办理', indent: 3 },
  foreignNotEntered: { text: '未录入系统', indent: 3 },
  internal: { text: '二、系统内备付金调剂（2）', indent: 0 },
  otherInstitution: { text: '三、与其他特许机构间备付金调剂（3）', indent: 0 },
  bank: { text: '四、与开户银行间备付金调剂（4）', indent: 0 },
  otherApproved: { text: '五、经批准的其他备付金调剂方式（5）', indent: 0 },
};

/** 万美元 amounts are shown to at least four places: to the whole US dollar. */
const USD_10K_DECIMALS = 4;

export function form2Sheet(form: Form2, signatures?: SheetSignatures): ReportSheet {
  const national = form.form === 'form3';
  const columns: SheetColumn[] = [
    { key: 'item', width: 40 },
    { key: 'buyAmount', width: 16 },
    { key: 'buyCount', width: 9 },
    { key: 'sellAmount', width: 16 },
    { key: 'sellCount', width: 9 },
    { key: 'diff', width: 16 },
  ];
  const header: SheetRow[] = [
    {
      cells: [
        label('项目', { rowSpan: 2, align: 'center' }),
        label('买入（调入）外币', { colSpan: 2, align: 'center' }),
        label('卖出（调出）外币', { colSpan: 2, align: 'center' }),
        label('差额', { rowSpan: 2, align: 'center' }),
      ],
    },
    { cells: [label('金额', { align: 'center' }), label('笔数', { align: 'center' }), label('金额', { align: 'center' }), label('笔数', { align: 'center' })] },
  ];
  const body: SheetRow[] = FORM2_FLOW_ROWS.map((key) => {
    const flow = form.flows[key];
    const { text: itemText, indent } = FORM2_LABELS[key];
    return {
      key,
      cells: [
        label(itemText, indent ? { indent } : {}),
        amount(flow.buyAmount, USD_10K_DECIMALS),
        count(flow.buyCount),
        amount(flow.sellAmount, USD_10K_DECIMALS),
        count(flow.sellCount),
        amount(flow.diff, USD_10K_DECIMALS),
      ],
    };
  });
  // (6)–(8) are single amounts: printed in the 差额 column, which is where the identity
  // (7) = (6) + 差额(1) + … + 差额(5) + (8) adds them up.
  const single: Array<[string, string, string]> = [
    ['opening', '六、月初外币备付金余额（6）', form.opening],
    ['closing', '七、月末外币备付金余额（7）', form.closing],
    ['adjustment', '八、汇率调整（8）', form.adjustment],
  ];
  for (const [key, itemText, value] of single) {
    body.push({ key, cells: [label(itemText), empty(), empty(), empty(), empty(), amount(value, USD_10K_DECIMALS)] });
  }
  const subtitle = national
    ? [`${yearMonth(form.month)}    ${form.outlet.institutionName}`]
    : [`${yearMonth(form.month)}    ${form.outlet.institutionName}    ${form.outlet.outletName}（${form.outlet.outletCode}）`];
  if (national && form.outlets?.length) subtitle.push(`汇总网点：${form.outlets.map((o) => `${o.outletName}（${o.outletCode}）`).join('、')}`);
  // 第五十一条(三): a due date counted without the year's holiday notice says so on the form.
  const provisional = form.dueDateProvisional
    ? `（截止日待定：${form.dueDateMissingYear !== undefined ? `未导入 ${form.dueDateMissingYear} 年节假日安排` : '节假日安排未导入'}）`
    : '';
  subtitle.push(`折算率：${yearMonth(form.conversionMonth)}《美元对其他货币折算率》    报送截止日：${form.dueDate}${provisional}`);
  return {
    id: form.form,
    title: national ? '全国性经营机构全系统业务及备付金月报表' : '特许业务月报表',
    subtitle,
    unit: '单位：万美元',
    columns,
    header,
    body,
    footer: [signatureLine(signatures), '公章：'],
  };
}
