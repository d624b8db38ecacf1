import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A worker "host": its own network namespace joined to the root namespace by a veth pair. The
 * host reaches the root side at `gateway` and nothing else (no route beyond the /30).
 */
export interface NamespaceHost {
  name: string;
  /** The root namespace's end of the link, where the host's relays listen. */
  gateway: string;
  close(): Promise<void>;
}

/** Why namespaces cannot be made here (not root, no `ip`, a kernel or container without them), or null. */
export async function namespacesUnavailable(): Promise<string | null> {
  const probe = `wlprobe${randomBytes(3).toString("hex")}`;
  try {
    await run("ip", ["netns", "add", probe]);
    await run("ip", ["netns", "del", probe]);
    return null;
  } catch (error) {
    return `cannot create network namespaces (${(error as Error).message.split("\n")[0]}); run as root with iproute2`;
  }
}

/** Hosts 1…count on 10.<subnet>.<i>.0/30, with names unique to this run. */
export async function createNamespaceHosts(count: number): Promise<NamespaceHost[]> {
  const run_ = randomBytes(2).toString("hex");
  const subnet = 200 + ((randomBytes(1)[0] ?? 0) % 50);
  const hosts: NamespaceHost[] = [];
  try {
    for (let i = 1; i <= count; i += 1) hosts.push(await createHost(`wl${run_}h${i}`, `10.${subnet}.${i}`));
  } catch (error) {
    await Promise.all(hosts.map((host) => host.close()));
    throw error;
  }
  return hosts;
}

async function createHost(name: string, prefix: string): Promise<NamespaceHost> {
  const inNamespace = (...args: string[]) => run("ip", ["netns", "exec", name, "ip", ...args]);
  const [outside, inside] = [`${name}a`, `${name}b`];
  await run("ip", ["netns", "add", name]);
  const close = async () => {
    await run("ip", ["netns", "del", name]).catch(() => {});
    // The root end goes with the namespace; remove it too in case the peer never moved.
    await run("ip", ["link", "del", outside]).catch(() => {});
  };
  try {
    await run("ip", ["link", "add", outside, "type", "veth", "peer", "name", inside]);
    await run("ip", ["link", "set", inside, "netns", name]);
    await run("ip", ["addr", "add", `${prefix}.1/30`, "dev", outside]);
    await run("ip", ["link", "set", outside, "up"]);
    await inNamespace("addr", "add", `${prefix}.2/30`, "dev", inside);
    await inNamespace("link", "set", inside, "up");
    await inNamespace("link", "set", "lo", "up");
  } catch (error) {
    await close();
    throw error;
  }
  return { name, gateway: `${prefix}.1`, close };
}
