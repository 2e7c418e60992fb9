import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  mkdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIP } from 'node:net';
import forge from 'node-forge';

/** A local certificate authority and a server certificate it signed. */
export interface TlsCertificates {
  /** PEM of the CA certificate: what a client must trust. */
  caPem: string;
  /** Path of the CA certificate file. */
  caFile: string;
  /** PEM of the server certificate and its key. */
  certPem: string;
  keyPem: string;
}

const DAY = 86_400_000;
const FILES = {
  ca: 'ca.pem',
  caKey: 'ca-key.pem',
  cert: 'server.pem',
  key: 'server-key.pem',
};

function newKeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  return {
    privateKey: forge.pki.privateKeyFromPem(
      privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    ),
    publicKey: forge.pki.publicKeyFromPem(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ),
  };
}

function serialNumber(): string {
  // A positive serial: the first byte stays below 0x80.
  return `01${randomBytes(15).toString('hex')}`;
}

function createCa(): {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
} {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * DAY);
  const subject = [
    { name: 'commonName', value: 'Access Governance Emulators CA' },
    { name: 'organizationName', value: 'Access Governance' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function createServerCertificate(
  ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  hosts: string[],
): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + 365 * DAY);
  cert.setSubject([{ name: 'commonName', value: hosts[0] }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map(h =>
        isIP(h) ? { type: 7, ip: h } : { type: 2, value: h },
      ),
    },
    { name: 'subjectKeyIdentifier' },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function coversHosts(cert: forge.pki.Certificate, hosts: string[]): boolean {
  const ext = cert.getExtension('subjectAltName') as
    { altNames?: Array<{ value?: string; ip?: string }> } | undefined;
  const names = (ext?.altNames ?? []).map(n => n.ip ?? n.value);
  return hosts.every(h => names.includes(h));
}

function validFor(cert: forge.pki.Certificate, days: number): boolean {
  return cert.validity.notAfter.getTime() > Date.now() + days * DAY;
}

/** Reuses the certificates in `dir` when they are valid for `hosts`, else creates and writes new ones. */
function loadOrCreate(dir: string, hosts: string[]): TlsCertificates {
  mkdirSync(dir, { recursive: true });
  const path = (name: keyof typeof FILES) => join(dir, FILES[name]);
  let ca:
    { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | undefined;
  if (existsSync(path('ca')) && existsSync(path('caKey'))) {
    try {
      const cert = forge.pki.certificateFromPem(
        readFileSync(path('ca'), 'utf8'),
      );
      const key = forge.pki.privateKeyFromPem(
        readFileSync(path('caKey'), 'utf8'),
      );
      if (validFor(cert, 30)) ca = { cert, key };
    } catch {
      ca = undefined;
    }
  }
  const caIsNew = !ca;
  if (!ca) {
    ca = createCa();
    writeFileSync(path('caKey'), forge.pki.privateKeyToPem(ca.key), {
      mode: 0o600,
    });
    writeFileSync(path('ca'), forge.pki.certificateToPem(ca.cert));
  }
  let server: { certPem: string; keyPem: string } | undefined;
  if (!caIsNew && existsSync(path('cert')) && existsSync(path('key'))) {
    try {
      const certPem = readFileSync(path('cert'), 'utf8');
      const cert = forge.pki.certificateFromPem(certPem);
      if (
        validFor(cert, 7) &&
        coversHosts(cert, hosts) &&
        ca.cert.verify(cert)
      ) {
        server = { certPem, keyPem: readFileSync(path('key'), 'utf8') };
      }
    } catch {
      server = undefined;
    }
  }
  if (!server) {
    const created = createServerCertificate(ca, hosts);
    server = {
      certPem: forge.pki.certificateToPem(created.cert),
      keyPem: forge.pki.privateKeyToPem(created.key),
    };
    writeFileSync(path('key'), server.keyPem, { mode: 0o600 });
    writeFileSync(path('cert'), server.certPem);
  }
  return {
    caPem: forge.pki.certificateToPem(ca.cert),
    caFile: path('ca'),
    ...server,
  };
}

const perProcess = new Map<string, TlsCertificates>();

/**
 * The CA and server certificate of the HTTPS emulator. With `certDir`, they are
 * kept there and reused across restarts (so a configured CA file stays valid);
 * without, they are created once per process in a temporary directory.
 * The server certificate names `host` plus 127.0.0.1, ::1 and localhost.
 */
export function tlsCertificates(
  certDir?: string,
  host = '127.0.0.1',
): TlsCertificates {
  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', host])].filter(
    h => h !== '0.0.0.0' && h !== '::',
  );
  if (certDir) return loadOrCreate(certDir, hosts);
  const key = hosts.join(',');
  let certificates = perProcess.get(key);
  if (!certificates) {
    certificates = loadOrCreate(
      mkdtempSync(join(tmpdir(), 'accessgov-emulators-')),
      hosts,
    );
    perProcess.set(key, certificates);
  }
  return certificates;
}
