export { createGateway, SUPERGRAPH_FILE, type Gateway, type GatewayContext, type GatewayOptions } from './gateway.ts';
export { budgetsFromEnv, DEFAULT_BUDGETS, type Budget, type BudgetRole } from './limits.ts';
