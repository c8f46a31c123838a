/** Message texts of 万人助万企 (zh-CN), in one place. */
import { defineTemplates } from '@qq/kit';

export const officialMessages = defineTemplates({
  'official.assigned': {
    title: (p: { name: string; position: string; phone: string }) => `您的助企干部：${p.name}`,
    text: (p) => `万人助万企：${p.position}${p.name}为贵企业的助企干部，联系电话${p.phone}，有困难和诉求可随时联系。`,
  },
  'visit.recorded': {
    title: (p: { name: string; date: string; problems: number }) => `助企干部走访记录：${p.date}`,
    text: (p) =>
      p.problems > 0
        ? `助企干部${p.name}于${p.date}走访贵企业，记录反映问题${p.problems}项，办理进度可在走访记录中查看。`
        : `助企干部${p.name}于${p.date}走访贵企业，走访情况已记录。`,
  },
});
