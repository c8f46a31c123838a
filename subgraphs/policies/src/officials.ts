/** 万人助万企 for other packages: the gateway through which visits raise complaints matters (tests, embedding). */
export {
  graphMatterGateway,
  graphMatterGatewayFromEnv,
  matterGateway,
  setMatterGateway,
  type MatterGateway,
} from './service/matters.ts';
