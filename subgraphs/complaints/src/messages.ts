/** Every message text of the complaints subgraph (zh-CN), in one place. */
import { defineTemplates, SMS_SIGNATURE } from '@qq/kit';

export const messages = defineTemplates({
  'matter.received': {
    smsCode: 'SMS_QQ_MATTER_RECEIVED',
    title: (p: { kindLabel: string; title: string; referenceNo: string; signDays: number; replyDays: number }) =>
      `${p.kindLabel}已收到：${p.referenceNo}`,
    text: (p) =>
      `${SMS_SIGNATURE}您提交的${p.kindLabel}“${p.title}”已收到，受理编号${p.referenceNo}。` +
      `承办单位将在${p.signDays}个工作日内签收、${p.replyDays}个工作日内答复，请凭编号查询办理进度。`,
  },
});
