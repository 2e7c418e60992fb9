import { InactivitySweepOptions, runInactivitySweep } from '../reviews/reclaim';

/** The inactivity reclaim sweep as a scheduled task. */
export class InactivityTask {
  readonly id = 'access-governance-inactivity';
  readonly key = 'inactivity' as const;

  constructor(private readonly options: InactivitySweepOptions) {}

  async run(): Promise<void> {
    await runInactivitySweep(this.options);
  }
}
