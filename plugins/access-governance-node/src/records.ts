import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/**
 * The issue (or ticket) that records one request.
 *
 * @public
 */
export interface AccessRecord {
  /** e.g. ACCESS-42 */
  key: string;
  /** A link a person can open. */
  url: string;
}

/**
 * What a request's record is opened with.
 *
 * @public
 */
export interface AccessRecordInput {
  /**
   * A key unique to the request. The record system must never open a second record for
   * the same key, even when the first call's answer was lost.
   */
  correlationKey: string;
  summary: string;
  /** Plain text; paragraphs separated by blank lines. */
  description: string;
  labels: string[];
  /** The structured request, stored on the record. */
  property: JsonObject;
}

/**
 * What the caller knows about an earlier attempt of a write.
 *
 * @public
 */
export interface AccessRecordWriteOptions {
  /**
   * No earlier attempt of this write was ever made, so nothing of it can be on the record
   * yet: the record system may write without first reading what the record holds.
   */
  firstAttempt?: boolean;
}

/**
 * The system of record: one record per request, written to on every decision, IdP change,
 * expiry and revocation.
 *
 * @public
 */
export interface AccessRecordSystem {
  /** Opens the record, or returns the one already opened for the same correlation key. */
  ensureRecord(
    input: AccessRecordInput,
    options?: AccessRecordWriteOptions,
  ): Promise<AccessRecord>;
  /**
   * Adds a comment. `eventId` identifies the event: a comment for an event id that the
   * record already holds is not added again.
   */
  addComment(
    key: string,
    text: string,
    eventId: string,
    options?: AccessRecordWriteOptions,
  ): Promise<void>;
  /**
   * Whether the record holds the comment of an event already. Optional: a record system
   * without it has a comment whose answer was lost read back by `addComment` once the
   * write can no longer land.
   */
  hasComment?(key: string, eventId: string): Promise<boolean>;
  /**
   * Moves the record through its workflow by transition name. A transition that does not
   * exist or is not available from the current status is skipped (and reported as such).
   */
  transition(key: string, transitionName: string): Promise<'done' | 'skipped'>;
  /** Replaces the structured request stored on the record. */
  setProperty(key: string, value: JsonObject): Promise<void>;
  /** The link of a record a person can open. */
  recordUrl(key: string): string;
}

/**
 * Creates the record system from its configuration block.
 *
 * @public
 */
export type AccessRecordSystemFactory = (options: {
  config: Config;
  logger: LoggerService;
}) => AccessRecordSystem | Promise<AccessRecordSystem>;
