/** Resolvers of institutions, bank products, financing needs and applications: thin. */
import { personalName, personalPhone, type PageArgs } from '@qq/kit';
import type { Context } from '../context.ts';
import type { BankProductFilter, BankProductRow, InstitutionRow } from '../store/bank-products.store.ts';
import type { ApplicationFilter, ApplicationRow } from '../store/financing-applications.store.ts';
import type { FinancingNeedFilter, FinancingNeedRow } from '../store/financing.store.ts';
import type {
  CreateBankProductInput,
  RegisterInstitutionInput,
  UpdateBankProductInput,
} from '../service/bank-product.service.ts';
import type {
  ApproveApplicationInput,
  DisburseApplicationInput,
  SubmitApplicationInput,
} from '../service/financing-application.service.ts';
import type { RaiseFinancingNeedInput } from '../service/financing.service.ts';
import { eligibilityView, eventView, iso, versionView } from './shared.ts';
import { isStaleAt } from '@qq/kit';

type Id = { id: string };
type Note = { note?: string | null };
type Reason = { reason?: string | null };

export const financingResolvers = {
  Query: {
    financialInstitutions: (_: unknown, __: unknown, ctx: Context) => ctx.bankProducts.institutions(),
    financialInstitution: (_: unknown, args: { creditCode: string }, ctx: Context) =>
      ctx.bankProducts.institution(args.creditCode),
    bankProducts: (_: unknown, args: PageArgs & { filter?: BankProductFilter | null }, ctx: Context) =>
      ctx.bankProducts.list(args),
    bankProduct: (_: unknown, args: Id, ctx: Context) => ctx.bankProducts.byId(args.id),
    financingNeeds: (_: unknown, args: PageArgs & { filter?: FinancingNeedFilter | null }, ctx: Context) =>
      ctx.financingNeeds.list(args),
    financingNeed: (_: unknown, args: Id, ctx: Context) => ctx.financingNeeds.byId(args.id),
    financingApplications: (_: unknown, args: PageArgs & { filter?: ApplicationFilter | null }, ctx: Context) =>
      ctx.financingApplications.list(args),
    financingApplication: (_: unknown, args: Id, ctx: Context) => ctx.financingApplications.byId(args.id),
  },
  Mutation: {
    registerFinancialInstitution: (_: unknown, args: { input: RegisterInstitutionInput }, ctx: Context) =>
      ctx.bankProducts.registerInstitution(args.input),
    createBankProduct: (_: unknown, args: { input: CreateBankProductInput }, ctx: Context) =>
      ctx.bankProducts.create(args.input),
    submitBankProduct: (_: unknown, args: Id, ctx: Context) => ctx.bankProducts.submit(args.id),
    approveBankProduct: (_: unknown, args: Id, ctx: Context) => ctx.bankProducts.approve(args.id),
    rejectBankProduct: (_: unknown, args: Id & { reason: string }, ctx: Context) =>
      ctx.bankProducts.reject(args.id, args.reason),
    publishBankProduct: (_: unknown, args: Id & { expiresOn?: string | null }, ctx: Context) =>
      ctx.bankProducts.publish(args.id, args.expiresOn),
    updateBankProduct: (_: unknown, args: Id & { input: UpdateBankProductInput }, ctx: Context) =>
      ctx.bankProducts.update(args.id, args.input),
    withdrawBankProduct: (_: unknown, args: Id & Reason, ctx: Context) =>
      ctx.bankProducts.withdraw(args.id, args.reason),
    raiseFinancingNeed: (_: unknown, args: { input: RaiseFinancingNeedInput }, ctx: Context) =>
      ctx.financingNeeds.raise(args.input),
    matchFinancingNeed: (_: unknown, args: Id & Note & { productId: string }, ctx: Context) =>
      ctx.financingNeeds.match(args.id, args.productId, args.note),
    fundFinancingNeed: (_: unknown, args: Id & Note, ctx: Context) => ctx.financingNeeds.fund(args.id, args.note),
    closeFinancingNeed: (_: unknown, args: Id & Reason, ctx: Context) => ctx.financingNeeds.close(args.id, args.reason),
    submitFinancingApplication: (_: unknown, args: { input: SubmitApplicationInput }, ctx: Context) =>
      ctx.financingApplications.submit(args.input),
    approveFinancingApplication: (_: unknown, args: Id & { input: ApproveApplicationInput }, ctx: Context) =>
      ctx.financingApplications.approve(args.id, args.input),
    declineFinancingApplication: (_: unknown, args: Id & { reason: string }, ctx: Context) =>
      ctx.financingApplications.decline(args.id, args.reason),
    disburseFinancingApplication: (_: unknown, args: Id & { input: DisburseApplicationInput }, ctx: Context) =>
      ctx.financingApplications.disburse(args.id, args.input),
    withdrawFinancingApplication: (_: unknown, args: Id & Reason, ctx: Context) =>
      ctx.financingApplications.withdraw(args.id, args.reason),
  },
  FinancialInstitution: {
    __resolveReference: (ref: { creditCode: string }, ctx: Context) => ctx.bankProducts.institution(ref.creditCode),
    county: (i: InstitutionRow) => ({ code: i.countyCode }),
    products: (i: InstitutionRow, _: unknown, ctx: Context) => ctx.bankProducts.productsOf(i.creditCode),
  },
  BankProduct: {
    __resolveReference: (ref: Id, ctx: Context) => ctx.bankProducts.byReference(ref.id),
    institution: (p: BankProductRow, _: unknown, ctx: Context) => ctx.loaders.institution.load(p.institutionCode),
    eligibility: (p: BankProductRow) => eligibilityView(p),
    contactName: (p: BankProductRow, _: unknown, ctx: Context) => personalName(ctx.principal, p.contactName),
    contactPhone: (p: BankProductRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, p.contactPhone),
    county: (p: BankProductRow) => ({ code: p.countyCode }),
    publishedAt: (p: BankProductRow) => iso(p.publishedAt),
    revisedAt: (p: BankProductRow) => p.revisedAt.toISOString(),
    stale: (p: BankProductRow, _: unknown, ctx: Context) => isStaleAt(p, ctx.now),
    reason: (p: BankProductRow) => p.reviewNote,
    versions: async (p: BankProductRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.versions.bankProduct.load(p.id)).map((v) => ({
        ...versionView(v),
        eligibility: eligibilityView(v.content),
      })),
    events: async (p: BankProductRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.events.bankProduct.load(p.id)).map((e) => eventView(ctx.principal, e)),
    availableActions: (p: BankProductRow, _: unknown, ctx: Context) => ctx.bankProducts.availableActions(p),
  },
  FinancingNeed: {
    __resolveReference: (ref: Id, ctx: Context) => ctx.financingNeeds.byReference(ref.id),
    enterprise: (f: FinancingNeedRow) => ({ creditCode: f.enterpriseCode }),
    county: (f: FinancingNeedRow) => ({ code: f.countyCode }),
    createdAt: (f: FinancingNeedRow) => f.createdAt.toISOString(),
    contactName: (f: FinancingNeedRow, _: unknown, ctx: Context) => personalName(ctx.principal, f.contactName),
    contactPhone: (f: FinancingNeedRow, _: unknown, ctx: Context) => personalPhone(ctx.principal, f.contactPhone),
    matchedProduct: (f: FinancingNeedRow, _: unknown, ctx: Context) =>
      f.matchedProductId ? ctx.loaders.bankProduct.load(f.matchedProductId) : null,
    matchedAt: (f: FinancingNeedRow) => iso(f.matchedAt),
    fundedAt: (f: FinancingNeedRow) => iso(f.fundedAt),
    closedAt: (f: FinancingNeedRow) => iso(f.closedAt),
    applications: (f: FinancingNeedRow, _: unknown, ctx: Context) => ctx.financingApplications.ofNeed(f.id),
    events: async (f: FinancingNeedRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.events.financingNeed.load(f.id)).map((e) => eventView(ctx.principal, e)),
    availableActions: (f: FinancingNeedRow, _: unknown, ctx: Context) => ctx.financingNeeds.availableActions(f),
  },
  FinancingApplication: {
    __resolveReference: (ref: Id, ctx: Context) => ctx.financingApplications.byReference(ref.id),
    need: (a: ApplicationRow, _: unknown, ctx: Context) => ctx.loaders.financingNeed.load(a.needId),
    product: (a: ApplicationRow, _: unknown, ctx: Context) => ctx.loaders.bankProduct.load(a.productId),
    institution: (a: ApplicationRow, _: unknown, ctx: Context) => ctx.loaders.institution.load(a.institutionCode),
    enterprise: (a: ApplicationRow) => ({ creditCode: a.enterpriseCode }),
    county: (a: ApplicationRow) => ({ code: a.countyCode }),
    contactName: async (a: ApplicationRow, _: unknown, ctx: Context) =>
      personalName(ctx.principal, (await ctx.loaders.financingNeed.load(a.needId))?.contactName ?? '') ?? '',
    contactPhone: async (a: ApplicationRow, _: unknown, ctx: Context) =>
      personalPhone(ctx.principal, (await ctx.loaders.financingNeed.load(a.needId))?.contactPhone ?? '') ?? '',
    submittedAt: (a: ApplicationRow) => a.submittedAt.toISOString(),
    answeredAt: (a: ApplicationRow) => iso(a.answeredAt),
    disbursedAt: (a: ApplicationRow) => iso(a.disbursedAt),
    withdrawnAt: (a: ApplicationRow) => iso(a.withdrawnAt),
    events: async (a: ApplicationRow, _: unknown, ctx: Context) =>
      (await ctx.loaders.events.financingApplication.load(a.id)).map((e) => eventView(ctx.principal, e)),
    availableActions: (a: ApplicationRow, _: unknown, ctx: Context) => ctx.financingApplications.availableActions(a),
  },
};
