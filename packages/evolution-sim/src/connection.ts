import type { EvolutionContext } from "./context";
import { type EvolutionInstance, markPaired, ownJid } from "./instance";

// CONNECTION_UPDATE as Baileys' handler posts it (B:308-495): "close" only when the phone logged the
// device out; any other drop reconnects silently, showing "connecting" then "open".

function announce(ctx: EvolutionContext, instance: EvolutionInstance, statusReason: number): void {
  ctx.webhooks.dispatch(instance, "CONNECTION_UPDATE", {
    instance: instance.name,
    wuid: ownJid(instance),
    profileName: `Sim ${instance.name}`,
    profilePictureUrl: null,
    state: instance.state,
    statusReason,
  });
}

export function openConnection(ctx: EvolutionContext, instance: EvolutionInstance): void {
  if (instance.state === "open") return;
  markPaired(instance);
  announce(ctx, instance, 200);
}

/** What /instance/connect does: a paired account reconnects at once; else a QR is shown (unless autoConnect). */
export function connect(ctx: EvolutionContext, instance: EvolutionInstance): void {
  if (instance.phoneNumber !== undefined || ctx.autoConnect) openConnection(ctx, instance);
  else instance.state = "connecting";
}

export function dropConnection(ctx: EvolutionContext, instance: EvolutionInstance): void {
  if (instance.state !== "open") return;
  instance.state = "connecting";
  announce(ctx, instance, 200);
}

export function restoreConnection(ctx: EvolutionContext, instance: EvolutionInstance): void {
  if (instance.state === "connecting" && instance.phoneNumber !== undefined) openConnection(ctx, instance);
}

export function logout(ctx: EvolutionContext, instance: EvolutionInstance): void {
  instance.state = "close";
  announce(ctx, instance, 401);
  instance.phoneNumber = undefined;
}
