/** Every message text of the commerce subgraph (zh-CN), in one place. */
import { defineTemplates, SMS_SIGNATURE } from '@qq/kit';

const KIND_LABEL: Record<string, string> = { SUPPLY: '供应', DEMAND: '需求', COOPERATION: '合作' };
export const kindLabel = (kind: string) => KIND_LABEL[kind] ?? '商机';

/** What a listing is called in a message. */
export const LISTING_LABEL = {
  park: '产业园区',
  investmentProject: '招商项目',
  opportunity: '商机',
  bankProduct: '金融产品',
} as const;
export type ListingKind = keyof typeof LISTING_LABEL;

export const messages = defineTemplates({
  'opportunity.submitted': {
    title: (p: { kindLabel: string; title: string }) => `待审核商机：${p.title}`,
    text: (p) => `企业提交了${p.kindLabel}商机“${p.title}”，请在商机审核中处理。`,
  },
  'opportunity.approved': {
    smsCode: 'SMS_QQ_OPPORTUNITY_APPROVED',
    title: (p: { title: string; expiresOn: string }) => `商机已发布：${p.title}`,
    text: (p) => `${SMS_SIGNATURE}您发布的商机“${p.title}”已通过审核并公开发布，有效期至${p.expiresOn}。`,
  },
  'opportunity.rejected': {
    smsCode: 'SMS_QQ_OPPORTUNITY_REJECTED',
    title: (p: { title: string; reason: string }) => `商机未通过审核：${p.title}`,
    text: (p) => `${SMS_SIGNATURE}您发布的商机“${p.title}”未通过审核，原因：${p.reason}。修改后可重新提交。`,
  },
  'opportunity.withdrawn': {
    smsCode: 'SMS_QQ_OPPORTUNITY_WITHDRAWN',
    title: (p: { title: string; reason: string }) => `商机已被撤下：${p.title}`,
    text: (p) => `${SMS_SIGNATURE}您发布的商机“${p.title}”已被商务部门撤下，原因：${p.reason}。`,
  },
  'opportunity.interest': {
    smsCode: 'SMS_QQ_OPPORTUNITY_INTEREST',
    title: (p: { title: string; count: number }) => `有企业对您的商机感兴趣：${p.title}`,
    text: (p) =>
      `${SMS_SIGNATURE}有企业对您发布的商机“${p.title}”感兴趣（共${p.count}家），请登录平台查看对方联系方式。`,
  },
  'listing.expired': {
    title: (p: { label: string; title: string; expiresOn: string }) => `${p.label}已过期：${p.title}`,
    text: (p) => `${p.label}“${p.title}”已于${p.expiresOn}到期下架，如仍有效请更新后重新发布。`,
  },
  'listing.stale': {
    title: (p: { label: string; title: string; days: number }) => `${p.label}超过${p.days}天未更新：${p.title}`,
    text: (p) => `${p.label}“${p.title}”已超过${p.days}天未更新，请核实内容后更新，保持信息准确。`,
  },
  'bankProduct.submitted': {
    title: (p: { institution: string; name: string }) => `待审核金融产品：${p.name}`,
    text: (p) => `${p.institution}提交了金融产品“${p.name}”，请审核。`,
  },
  'bankProduct.approved': {
    title: (p: { name: string }) => `金融产品已发布：${p.name}`,
    text: (p) => `贵机构的金融产品“${p.name}”已通过审核并发布。`,
  },
  'bankProduct.rejected': {
    title: (p: { name: string; reason: string }) => `金融产品未通过审核：${p.name}`,
    text: (p) => `贵机构的金融产品“${p.name}”未通过审核，原因：${p.reason}。`,
  },
  'bankProduct.withdrawn': {
    title: (p: { name: string; reason: string }) => `金融产品已被撤下：${p.name}`,
    text: (p) => `贵机构的金融产品“${p.name}”已被商务部门撤下，原因：${p.reason}。`,
  },
  'financingNeed.raised': {
    title: (p: { amount: number; termMonths: number }) => `新的融资需求：${p.amount}万元`,
    text: (p) => `企业发布了融资需求${p.amount}万元、期限${p.termMonths}个月，请及时对接金融产品。`,
  },
  'financingNeed.received': {
    title: (p: { amount: number }) => `融资需求已发布：${p.amount}万元`,
    text: (p) => `您${p.amount}万元的融资需求已发布，商务部门将为您对接金融产品，您也可在线查看匹配的产品并申请。`,
  },
  'financingNeed.matched': {
    smsCode: 'SMS_QQ_FINANCING_MATCHED',
    title: (p: { institution: string; product: string; amount: number }) => `为您推荐金融产品：${p.product}`,
    text: (p) =>
      `${SMS_SIGNATURE}商务部门为您${p.amount}万元的融资需求推荐了${p.institution}的“${p.product}”，可登录平台在线申请。`,
  },
  'financingNeed.funded': {
    title: (p: { amount: number }) => `融资需求已记为放款：${p.amount}万元`,
    text: (p) => `商务部门已将您${p.amount}万元的融资需求记为已放款。`,
  },
  'financingNeed.closed': {
    title: (p: { amount: number; reason: string }) => `融资需求已关闭：${p.amount}万元`,
    text: (p) => `商务部门关闭了您${p.amount}万元的融资需求，原因：${p.reason}。`,
  },
  'financingApplication.submitted': {
    smsCode: 'SMS_QQ_FINANCING_SUBMITTED',
    title: (p: { institution: string; product: string; amount: number }) => `融资申请已提交：${p.product}`,
    text: (p) => `${SMS_SIGNATURE}您向${p.institution}申请“${p.product}”${p.amount}万元已提交，机构答复后将通知您。`,
  },
  'financingApplication.received': {
    title: (p: { product: string; amount: number }) => `新的融资申请：${p.product} ${p.amount}万元`,
    text: (p) => `有企业申请贵机构的“${p.product}”${p.amount}万元，请及时答复。`,
  },
  'financingApplication.approved': {
    smsCode: 'SMS_QQ_FINANCING_APPROVED',
    title: (p: { institution: string; product: string; amount: number; rate: number; termMonths: number }) =>
      `融资申请已获批：${p.product}`,
    text: (p) =>
      `${SMS_SIGNATURE}${p.institution}已批准您的“${p.product}”申请：授信${p.amount}万元，年利率${p.rate}%，期限${p.termMonths}个月。`,
  },
  'financingApplication.declined': {
    smsCode: 'SMS_QQ_FINANCING_DECLINED',
    title: (p: { institution: string; product: string; reason: string }) => `融资申请未获批：${p.product}`,
    text: (p) => `${SMS_SIGNATURE}${p.institution}未批准您的“${p.product}”申请，原因：${p.reason}。可申请其他产品。`,
  },
  'financingApplication.disbursed': {
    smsCode: 'SMS_QQ_FINANCING_DISBURSED',
    title: (p: { institution: string; product: string; amount: number }) => `贷款已发放：${p.product}`,
    text: (p) => `${SMS_SIGNATURE}${p.institution}已向您发放“${p.product}”${p.amount}万元。`,
  },
  'financingApplication.withdrawn': {
    title: (p: { product: string; amount: number }) => `融资申请已撤回：${p.product}`,
    text: (p) => `企业撤回了“${p.product}”${p.amount}万元的申请。`,
  },
});
