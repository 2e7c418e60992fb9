import { InputError } from '@backstage/errors';
import express from 'express';
import {
  decisionsBody,
  filterDecisionBody,
  listOf,
  optionalString,
  pageParams,
  parse,
  reviewBody,
  reviewItemQuery,
} from '../validation';
import { RouteContext } from './context';

/** Access review campaigns, their items and decisions. */
export function reviewRoutes(
  router: express.Router,
  { actorOf, audited, services }: RouteContext,
): void {
  const { reviews, reviewDecisions, delegations } = services;
  // Delegates decide review items for those they stand in for.
  const reviewerOf = async (req: express.Request) =>
    delegations.asDelegate(await actorOf(req));

  router.post('/reviews', async (req, res) => {
    const actor = await actorOf(req);
    const body = parse(reviewBody, req.body);
    const review = await audited(
      req,
      'access-review-create',
      { entityRef: body.entityRef },
      () => reviews.createReview(body, actor),
    );
    res.status(201).json(review);
  });

  router.get('/reviews', async (req, res) => {
    const actor = await reviewerOf(req);
    const page = pageParams(req.query);
    res.json(
      await reviews.listReviews(
        {
          entityRef: optionalString(req.query.entityRef, 'entityRef'),
          status: listOf(
            req.query.status,
            ['open', 'completed'] as const,
            'status',
          ),
          reviewer: optionalString(req.query.reviewer, 'reviewer'),
        },
        actor,
        page,
      ),
    );
  });

  router.get('/reviews/:id/items', async (req, res) => {
    const actor = await reviewerOf(req);
    const page = pageParams(req.query);
    const query = parse(
      reviewItemQuery,
      {
        recommendation: req.query.recommendation,
        decision: req.query.decision,
        q: req.query.q,
        sort: req.query.sort,
      },
      'query',
    );
    res.json(await reviews.listItems(req.params.id, query, actor, page));
  });

  router.get('/reviews/:id', async (req, res) => {
    const actor = await reviewerOf(req);
    const format = optionalString(req.query.format, 'format') ?? 'json';
    if (format === 'csv') {
      const csv = await reviews.exportCsv(req.params.id, actor);
      res
        .type('text/csv')
        .attachment(`access-review-${req.params.id}.csv`)
        .send(csv);
      return;
    }
    if (format !== 'json')
      throw new InputError(`format: ${format} is not one of json, csv`);
    res.json(await reviews.getReview(req.params.id, actor));
  });

  router.post('/reviews/:id/decisions', async (req, res) => {
    const actor = await reviewerOf(req);
    if (req.body && typeof req.body === 'object' && 'filter' in req.body) {
      const matching = parse(filterDecisionBody, req.body);
      res.json(
        await audited(
          req,
          'access-review-decide',
          {
            reviewId: req.params.id,
            filter: { ...matching.filter },
            decision: matching.decision,
          },
          () => reviewDecisions.decideMatching(req.params.id, matching, actor),
        ),
      );
      return;
    }
    const body = parse(decisionsBody, req.body);
    res.json(
      await audited(
        req,
        'access-review-decide',
        { reviewId: req.params.id, decisions: body.decisions.length },
        () => reviewDecisions.decide(req.params.id, body.decisions, actor),
      ),
    );
  });

  router.post('/reviews/:id/complete', async (req, res) => {
    const actor = await reviewerOf(req);
    res.json(
      await audited(
        req,
        'access-review-complete',
        { reviewId: req.params.id },
        () => reviewDecisions.complete(req.params.id, actor),
      ),
    );
  });
}
