import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunningServer } from './third-party-servers.js';
import { commandsExist, freePorts, onFreshPorts, stopChild, waitFor } from './server-processes.js';

const run = promisify(execFile);

export const CEPH_INSTALL_HINT = 'Ceph RGW (apt-get install ceph-mon ceph-osd radosgw)';

export function cephAvailable(): boolean {
  return commandsExist('ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'ceph-authtool', 'monmaptool', 'ceph');
}

const KEYS = { accessKeyId: 'PARTPUSHCEPHCI', secretAccessKey: 'partpush-ceph-ci-secret' };

/**
 * A one-node Ceph cluster for its S3 gateway: one monitor and one OSD keeping objects in RAM
 * (memstore; so the suite's objects stay small), pools of one replica, and radosgw on beast. cephx
 * is on (with auth none, radosgw stalls at the monitor); every daemon's key is in one keyring that
 * the monitor is created with. Ready in about 10 s.
 */
export function startCephRgw(options: { minPartSize: number }): Promise<RunningServer> {
  return onFreshPorts('Ceph RGW', () => startCephRgwOnce(options));
}

async function startCephRgwOnce(options: { minPartSize: number }): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'partpush-ceph-'));
  for (const sub of ['run', 'log', 'mon/mon.a', 'osd/ceph-0']) mkdirSync(join(dir, sub), { recursive: true });
  const [monPort, rgwPort] = (await freePorts(2)) as [number, number];
  const fsid = randomUUID();
  const conf = join(dir, 'ceph.conf');
  const keyring = join(dir, 'keyring');
  writeFileSync(
    conf,
    [
      '[global]',
      `fsid = ${fsid}`,
      `mon host = v2:127.0.0.1:${monPort}`,
      'auth cluster required = cephx',
      'auth service required = cephx',
      'auth client required = cephx',
      'osd pool default size = 1',
      'osd pool default min size = 1',
      'mon allow pool size one = true',
      'osd pool default pg num = 8',
      'osd pool default pgp num = 8',
      'mon max pg per osd = 1000',
      'osd objectstore = memstore',
      'memstore device bytes = 2147483648',
      'osd crush chooseleaf type = 0',
      'mon warn on pool no redundancy = false',
      'ms bind ipv6 = false',
      `run dir = ${join(dir, 'run')}`,
      `log file = ${join(dir, 'log')}/$name.log`,
      `admin socket = ${join(dir, 'run')}/$name.asok`,
      `keyring = ${keyring}`,
      `mon data = ${join(dir, 'mon')}/$name`,
      `osd data = ${join(dir, 'osd')}/$cluster-$id`,
      '[client.rgw]',
      `rgw frontends = beast endpoint=127.0.0.1:${rgwPort}`,
      `rgw data = ${join(dir, 'rgw')}`,
      `rgw multipart min part size = ${options.minPartSize}`,
      '',
    ].join('\n'),
  );
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.reverse().map(stopChild));
    rmSync(dir, { recursive: true, force: true });
  };
  const ceph = (...args: string[]) => run('ceph', ['-c', conf, ...args]);
  try {
    await run('ceph-authtool', ['--create-keyring', keyring, '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']);
    for (const [name, ...caps] of [
      ['client.admin', 'mon', 'allow *', 'osd', 'allow *', 'mgr', 'allow *'],
      ['osd.0', 'mon', 'allow profile osd', 'osd', 'allow *', 'mgr', 'allow profile osd'],
      ['client.rgw', 'mon', 'allow rw', 'osd', 'allow rwx'],
    ]) {
      const capArgs = [];
      for (let i = 0; i < caps.length; i += 2) capArgs.push('--cap', caps[i]!, caps[i + 1]!);
      await run('ceph-authtool', [keyring, '--gen-key', '-n', name!, ...capArgs]);
    }
    await run('monmaptool', ['--create', '--addv', 'a', `[v2:127.0.0.1:${monPort}]`, '--fsid', fsid, join(dir, 'monmap')]);
    await run('ceph-mon', ['-c', conf, '--mkfs', '-i', 'a', '--monmap', join(dir, 'monmap'), '--keyring', keyring]);
    const mon = spawn('ceph-mon', ['-c', conf, '-i', 'a', '-f'], { stdio: 'ignore' });
    children.push(mon);
    await waitFor(
      async () => {
        await ceph('mon', 'stat');
        return true;
      },
      mon,
      'ceph-mon',
    );

    const osdUuid = randomUUID();
    await ceph('osd', 'new', osdUuid, '0');
    await run('ceph-osd', ['-c', conf, '-i', '0', '--mkfs', '--osd-uuid', osdUuid]);
    const osd = spawn('ceph-osd', ['-c', conf, '-i', '0', '-f'], { stdio: 'ignore' });
    children.push(osd);
    await waitFor(async () => JSON.parse((await ceph('osd', 'stat', '-f', 'json')).stdout).num_up_osds === 1, osd, 'ceph-osd');

    const rgw = spawn('radosgw', ['-c', conf, '-n', 'client.rgw', '-f'], { stdio: 'ignore' });
    children.push(rgw);
    const url = `http://127.0.0.1:${rgwPort}`;
    await waitFor(async () => (await fetch(url, { signal: AbortSignal.timeout(5_000) })).status === 200, rgw, 'radosgw', 60_000);
    await run('radosgw-admin', [
      '-c',
      conf,
      'user',
      'create',
      '--uid=partpush',
      '--display-name=partpush',
      `--access-key=${KEYS.accessKeyId}`,
      `--secret=${KEYS.secretAccessKey}`,
    ]);
    return { url, keys: KEYS, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
