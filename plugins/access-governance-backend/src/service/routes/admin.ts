import { InputError } from '@backstage/errors';
import express from 'express';
import { csvRows } from '../../dto';
import {
  jobIdParam,
  listOf,
  optionalDate,
  optionalString,
  pageParams,
} from '../validation';

const AUDIT_FORMATS = ['json', 'csv', 'ndjson'];
const AUDIT_COLUMNS = [
  'createdAt',
  'type',
  'actor',
  'entityRef',
  'requestId',
  'grantId',
  'details',
] as const;
import { RouteContext } from './context';

/** Oversight: the job queue and the audit trail and its exports. */
export function adminRoutes(
  router: express.Router,
  { actorOf, audited, services }: RouteContext,
): void {
  const { jobs, audit, drift } = services;

  router.get('/jobs', async (req, res) => {
    const actor = await actorOf(req);
    const page = pageParams(req.query);
    res.json(
      await jobs.listJobs(
        {
          status: listOf(
            req.query.status,
            ['pending', 'running', 'done', 'failed'] as const,
            'status',
          ),
        },
        actor,
        page,
      ),
    );
  });

  router.post('/jobs/:id/retry', async (req, res) => {
    const id = jobIdParam(req.params.id);
    const actor = await actorOf(req);
    res.json(
      await audited(req, 'access-job-retry', { jobId: id }, () =>
        jobs.retryJob(id, actor),
      ),
    );
  });

  router.get('/drift', async (req, res) => {
    res.json(await drift.reports(await actorOf(req)));
  });

  router.get('/audit', async (req, res) => {
    const actor = await actorOf(req);
    const entityRef = optionalString(req.query.entityRef, 'entityRef');
    if (!entityRef) throw new InputError('entityRef: is required');
    const format = optionalString(req.query.format, 'format') ?? 'json';
    if (!AUDIT_FORMATS.includes(format)) {
      throw new InputError(
        `format: ${format} is not one of ${AUDIT_FORMATS.join(', ')}`,
      );
    }
    const query = {
      entityRef,
      from: optionalDate(req.query.from, 'from'),
      to: optionalDate(req.query.to, 'to'),
    };
    if (format === 'json') {
      const page = pageParams(req.query);
      res.json(
        await audited(req, 'access-audit-read', { entityRef }, () =>
          audit.auditTrail(query, actor, page),
        ),
      );
      return;
    }
    const batches = await audited(
      req,
      'access-audit-read',
      { entityRef, format },
      () => audit.exportTrail(query, actor),
    );
    if (format === 'csv') {
      res.attachment('access-audit.csv').type('text/csv');
      res.write(`${AUDIT_COLUMNS.join(',')}\r\n`);
    } else {
      res.attachment('access-audit.ndjson').type('application/x-ndjson');
    }
    for await (const events of batches) {
      const chunk =
        format === 'csv'
          ? csvRows(AUDIT_COLUMNS, events)
          : events.map(e => `${JSON.stringify(e)}\n`).join('');
      if (!res.write(chunk)) {
        await new Promise(resolve => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      if (res.destroyed) return;
    }
    res.end();
  });
}
