/** Message texts of 免申即享 (zh-CN), in one place. */
import { defineTemplates } from '@qq/kit';

export const exemptionMessages = defineTemplates({
  'exemption.entitled': {
    title: (p: { itemName: string; policyTitle: string; reason: string }) =>
      `免申即享：您符合“${p.itemName}”的兑现条件`,
    text: (p) =>
      `根据${p.policyTitle}，贵企业符合“${p.itemName}”的兑现条件（${p.reason}）。无需申报，确认后即进入受理。`,
  },
});
