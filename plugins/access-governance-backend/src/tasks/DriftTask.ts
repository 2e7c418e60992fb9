import { DriftService } from '../drift/DriftService';

/** The drift check as a scheduled task (`accessGovernance.schedule.drift`). */
export class DriftTask {
  readonly id = 'access-governance-drift';
  readonly key = 'drift' as const;

  constructor(private readonly drift: DriftService) {}

  async run(): Promise<void> {
    await this.drift.checkAll();
  }
}
