/**
 * Emulators of Okta, Microsoft Graph (with Entra ID's token endpoints) and Jira
 * that speak the real wire format, for tests, the demo and benchmarks.
 */
import { GraphEmulator, startGraphEmulator } from './graph/server';
import { JiraEmulator, startJiraEmulator } from './jira/server';
import { OktaEmulator, startOktaEmulator } from './okta/server';
import type { SeedInput } from './shared/server';

export { OktaEmulator, startOktaEmulator } from './okta/server';
export { GraphEmulator, startGraphEmulator } from './graph/server';
export type { GraphListenOptions } from './graph/server';
export { JiraEmulator, startJiraEmulator } from './jira/server';
export { demoSeed, emptySeed, defaultJiraWorkflow } from './seed/demo';
export { generateSeed } from './seed/generate';
export { defaultPorts } from './cli';
export type { GenerateSeedOptions } from './seed/generate';
export type * from './seed/types';
export type { ListenOptions, SeedInput } from './shared/server';
export type { FaultRule, FaultRuleInput } from './shared/faults';
export { FaultRules } from './shared/faults';
export type * from './okta/state';
export type * from './graph/state';
export type * from './jira/state';
export type { AdfNode } from './jira/adf';

export interface StartEmulatorsOptions {
  okta?: { port?: number };
  graph?: { port?: number };
  jira?: { port?: number };
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Default `'demo'`. */
  seed?: SeedInput;
  /** Where the Graph emulator's CA and certificate are kept; default a temporary directory. */
  certDir?: string;
}

export interface Emulators {
  okta: OktaEmulator;
  graph: GraphEmulator;
  jira: JiraEmulator;
  /** Path of the PEM file of the CA that signed the Graph emulator's certificate. */
  caFile: string;
  caPem: string;
  close(): Promise<void>;
}

/** Starts the three emulators with the same seed; ports default to 0 (free ports). */
export async function startEmulators(
  options: StartEmulatorsOptions = {},
): Promise<Emulators> {
  const common = { host: options.host, seed: options.seed };
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const okta = await startOktaEmulator({
      ...common,
      port: options.okta?.port ?? 0,
    });
    started.push(okta);
    const graph = await startGraphEmulator({
      ...common,
      port: options.graph?.port ?? 0,
      certDir: options.certDir,
    });
    started.push(graph);
    const jira = await startJiraEmulator({
      ...common,
      port: options.jira?.port ?? 0,
    });
    started.push(jira);
    return {
      okta,
      graph,
      jira,
      caFile: graph.caFile,
      caPem: graph.caPem,
      close: async () => {
        await Promise.all([okta.close(), graph.close(), jira.close()]);
      },
    };
  } catch (e) {
    await Promise.all(started.map(s => s.close()));
    throw e;
  }
}
