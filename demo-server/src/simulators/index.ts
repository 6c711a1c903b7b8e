/** The simulated external systems of the Kyso demo (see docs/simulators.md). */

export type { MobileSubscriber } from './data/mobileSubscribers.js';
export { MOBILE_SUBSCRIBERS } from './data/mobileSubscribers.js';
export type { Carrier } from './data/phoneNumbers.js';
export { CARRIER_PREFIXES, carrierOf, toDomesticPhone, toMsisdn } from './data/phoneNumbers.js';
export type { RemoteCredential, SimPkiSubscription } from './data/signingSubscribers.js';
export { REMOTE_CREDENTIALS, SIM_PKI_SUBSCRIPTIONS } from './data/signingSubscribers.js';
export type { SimulatedCitizen } from './data/simulatedCitizens.js';
export { findCitizen, SIMULATED_CITIZENS } from './data/simulatedCitizens.js';
export {
  IDENTITY_DEMO_PASSWORDS,
  type IdentityAccount,
  type IdentityProviderName,
  identityAccounts,
  POSTID_DEMO_PASSWORD,
  VNEID_DEMO_PASSWORD,
} from './identityProviders/identityAccounts.js';
export * from './magicValues.js';
export { MSS_STATUS, type MssStatusName } from './routes/msspRoutes.js';
export type { PopulationRecord } from './routes/populationRoutes.js';
export { RS_MAX_HASHES, RS_STATUS, type RsStatusName } from './routes/remoteSigningRoutes.js';
export { SIMULATOR_ERRORS, type SimulatorErrorBody, type SimulatorErrorCode } from './simulatorErrors.js';
export { createSimulatorsApp, LOG_REDACTIONS, type SimulatorsAppOptions } from './simulatorsApp.js';
export {
  SIMULATORS_DEFAULTS,
  type SimulatorsConfig,
  SimulatorsConfigError,
  simulatorsConfigFromEnv,
} from './simulatorsConfig.js';
export { type RunningSimulators, type StartSimulatorsOptions, startSimulators } from './startSimulators.js';
