/**
 * The app's entry point (package.json#main, compiled to build/functions/index.js): the Functions host and the
 * sandbox load this file. Settings are validated here, once, so a bad setting stops the app at start naming itself.
 */
import { appServices, appSettings } from '../shared/runtime/appServices';
import { registerDriftFunctions } from './drift';
import { registerDriftOrchestrations } from '../orchestrations/drift';
import { registerRuleRequestFunctions } from './ruleRequests';
import { registerReportFunctions } from './report';
import { registerPostureFunctions } from './posture';
import { registerNotificationFunctions } from './notifications';

const settings = appSettings();
// The real services, every one built lazily on first use: registering the handlers over them constructs no SDK client.
const services = appServices();

registerDriftOrchestrations();
registerDriftFunctions(settings, services);
registerReportFunctions(settings, services);
registerRuleRequestFunctions(settings, services);
registerPostureFunctions(services);
registerNotificationFunctions(settings, services);
