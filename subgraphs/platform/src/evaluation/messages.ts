/** Message texts of the monthly evaluation (zh-CN). */
import { defineTemplates } from '@qq/kit';

export const evaluationMessages = defineTemplates({
  'evaluation.supervised': {
    title: (p: { unit: string; month: string }) => `${p.unit}列为重点督查对象（${p.month}月度考核）`,
    text: (p: { unit: string; month: string; months: number; dueOn: string }) =>
      `${p.unit}在${p.month}月度考核中连续${p.months}个月位于末位，列为重点督查对象，` +
      `请于${p.dueOn}前完成整改并报送整改情况。`,
  },
});
