export {
  AccessSignals,
  ACCESS_SIGNAL_CHANNEL,
  signalsFor,
} from './AccessSignals';
export type { AccessSignal, AccessSignalsOptions } from './AccessSignals';
