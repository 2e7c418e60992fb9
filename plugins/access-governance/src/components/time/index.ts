export { Countdown } from './Countdown';
export { RelativeTime, RelativeTimeAt } from './RelativeTime';
