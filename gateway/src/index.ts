export { createGateway, SUPERGRAPH_FILE, type Gateway, type GatewayContext, type GatewayOptions } from './gateway.ts';
