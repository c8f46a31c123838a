/** Every message text of the talent subgraph (zh-CN), in one place. */
import { defineTemplates, SMS_SIGNATURE } from '@qq/kit';

export const messages = defineTemplates({
  'jobPosting.submitted': {
    title: (p: { title: string }) => `待审核招聘岗位：${p.title}`,
    text: (p) => `企业提交了招聘岗位“${p.title}”，请在岗位审核中处理。`,
  },
  'jobPosting.received': {
    title: (p: { title: string }) => `招聘岗位已提交审核：${p.title}`,
    text: (p) => `您的招聘岗位“${p.title}”已提交人社部门审核，审核结果将通知您。`,
  },
  'jobPosting.approved': {
    smsCode: 'SMS_QQ_JOB_POSTING_APPROVED',
    title: (p: { title: string; expiresOn: string }) => `招聘岗位已发布：${p.title}`,
    text: (p) => `${SMS_SIGNATURE}您的招聘岗位“${p.title}”已通过审核并发布，招聘截止${p.expiresOn}。`,
  },
  'jobPosting.rejected': {
    smsCode: 'SMS_QQ_JOB_POSTING_REJECTED',
    title: (p: { title: string; reason: string }) => `招聘岗位未通过审核：${p.title}`,
    text: (p) => `${SMS_SIGNATURE}您的招聘岗位“${p.title}”未通过审核，原因：${p.reason}。修改后可重新提交。`,
  },
  'jobPosting.corrected': {
    title: (p: { title: string }) => `招聘岗位已由人社部门更正：${p.title}`,
    text: (p) => `人社部门更正了您的招聘岗位“${p.title}”的内容，请登录平台查看。`,
  },
  'jobPosting.closed': {
    title: (p: { title: string }) => `招聘岗位已关闭：${p.title}`,
    text: (p) => `招聘岗位“${p.title}”已关闭，不再接收新的应聘；如需继续招聘可重新开放。`,
  },
  'jobPosting.reopened': {
    title: (p: { title: string; expiresOn: string }) => `招聘岗位已重新开放：${p.title}`,
    text: (p) => `招聘岗位“${p.title}”已重新开放，招聘截止${p.expiresOn}。`,
  },
  'jobPosting.withdrawn': {
    smsCode: 'SMS_QQ_JOB_POSTING_WITHDRAWN',
    title: (p: { title: string; reason: string }) => `招聘岗位已被下架：${p.title}`,
    text: (p) => `${SMS_SIGNATURE}您的招聘岗位“${p.title}”已被人社部门下架，原因：${p.reason}。`,
  },
  'jobPosting.expired': {
    title: (p: { title: string; expiresOn: string }) => `招聘岗位已到期：${p.title}`,
    text: (p) => `招聘岗位“${p.title}”已于${p.expiresOn}到期下架，如仍需招聘请更新后重新开放。`,
  },
  'jobPosting.stale': {
    title: (p: { title: string; days: number }) => `招聘岗位超过${p.days}天未更新：${p.title}`,
    text: (p) => `招聘岗位“${p.title}”已超过${p.days}天未更新，请核实岗位信息后更新，或在招满后关闭。`,
  },
  'jobApplication.received': {
    title: (p: { title: string }) => `新的应聘：${p.title}`,
    text: (p) => `有求职者应聘贵单位的岗位“${p.title}”，请登录平台查看并答复。`,
  },
  'jobApplication.submitted': {
    smsCode: 'SMS_QQ_JOB_APPLICATION_SUBMITTED',
    title: (p: { title: string; enterprise: string }) => `应聘已提交：${p.title}`,
    text: (p) => `${SMS_SIGNATURE}您应聘的岗位“${p.title}”已提交，招聘单位答复后将通知您。`,
  },
  'jobApplication.shortlisted': {
    smsCode: 'SMS_QQ_JOB_APPLICATION_SHORTLISTED',
    title: (p: { title: string }) => `应聘进入初选：${p.title}`,
    text: (p) => `${SMS_SIGNATURE}您应聘的岗位“${p.title}”已通过简历筛选，请留意后续面试通知。`,
  },
  'jobApplication.invited': {
    smsCode: 'SMS_QQ_JOB_APPLICATION_INVITED',
    title: (p: { title: string; at: string; place: string }) => `面试邀请：${p.title}`,
    text: (p) => `${SMS_SIGNATURE}招聘单位邀请您参加“${p.title}”岗位面试，时间：${p.at}，地点：${p.place}。`,
  },
  'jobApplication.rejected': {
    smsCode: 'SMS_QQ_JOB_APPLICATION_REJECTED',
    title: (p: { title: string; reason: string }) => `应聘结果：${p.title}`,
    text: (p) => `${SMS_SIGNATURE}很遗憾，您应聘的岗位“${p.title}”未被录用。${p.reason}`,
  },
  'jobApplication.hired': {
    smsCode: 'SMS_QQ_JOB_APPLICATION_HIRED',
    title: (p: { title: string }) => `录用通知：${p.title}`,
    text: (p) => `${SMS_SIGNATURE}恭喜！您应聘的岗位“${p.title}”已被录用，招聘单位将与您联系办理入职。`,
  },
  'jobApplication.withdrawn': {
    title: (p: { title: string }) => `求职者撤回了应聘：${p.title}`,
    text: (p) => `一位求职者撤回了对岗位“${p.title}”的应聘。`,
  },
  'talentPolicy.expired': {
    title: (p: { title: string; expiresOn: string }) => `人才政策已到期：${p.title}`,
    text: (p) => `人才政策“${p.title}”已于${p.expiresOn}到期下架；如仍有效，请更新有效期后重新发布。`,
  },
  'talentPolicy.stale': {
    title: (p: { title: string; days: number }) => `人才政策超过${p.days}天未更新：${p.title}`,
    text: (p) => `人才政策“${p.title}”已超过${p.days}天未更新，请核实内容后更新，已失效的请撤回。`,
  },
});

export type MessageName = keyof typeof messages.templates;
