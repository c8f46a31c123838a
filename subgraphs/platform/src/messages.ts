/** Every message text of the platform subgraph (zh-CN), in one place. */
import { defineTemplates } from '@qq/kit';

export const messages = defineTemplates({
  'calendar.missing': {
    title: (p: { year: number }) => `${p.year}年工作日历未录入`,
    text: (p) =>
      `${p.year}年法定节假日和调休安排尚未录入平台。元旦起所有按工作日计算的时限将只扣除周末，` +
      `请在国务院办公厅通知发布后及时录入（setWorkdayCalendar）。`,
  },
});
