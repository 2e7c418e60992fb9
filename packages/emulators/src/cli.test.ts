import { CliError, parseCommandLine } from './cli';

describe('parseCommandLine', () => {
  it('defaults to ports 7011, 7012 and 7013 on 127.0.0.1', () => {
    expect(parseCommandLine([], {})).toEqual({
      help: false,
      options: {
        oktaPort: 7011,
        graphPort: 7012,
        jiraPort: 7013,
        host: '127.0.0.1',
        certDir: undefined,
      },
    });
  });

  it('reads environment variables, and flags win over them', () => {
    const command = parseCommandLine(
      ['--okta-port', '8011', '--jira-port=8013', '--host', '0.0.0.0'],
      {
        EMULATOR_OKTA_PORT: '9011',
        EMULATOR_GRAPH_PORT: '9012',
        EMULATOR_CERT_DIR: '/tmp/certs',
        EMULATOR_HOST: '',
      },
    );
    expect(command).toEqual({
      help: false,
      options: {
        oktaPort: 8011,
        graphPort: 9012,
        jiraPort: 8013,
        host: '0.0.0.0',
        certDir: '/tmp/certs',
      },
    });
  });

  it('answers help, and refuses unknown options, missing values and bad ports', () => {
    expect(parseCommandLine(['--jira-port', '1', '--help'])).toEqual({
      help: true,
    });
    expect(() => parseCommandLine(['--okta'])).toThrow(
      new CliError("Unknown option '--okta'"),
    );
    expect(() => parseCommandLine(['--okta-port', '--jira-port', '1'])).toThrow(
      '--okta-port needs a value',
    );
    expect(() => parseCommandLine(['--graph-port', '70000'])).toThrow(
      "--graph-port must be a port number from 0 to 65535, got '70000'",
    );
    expect(() => parseCommandLine([], { EMULATOR_OKTA_PORT: '-1' })).toThrow(
      "EMULATOR_OKTA_PORT must be a port number from 0 to 65535, got '-1'",
    );
  });
});
