/**
 * What Slack says about a person (users.info) and who is in a user group (usergroups.users.list), asked
 * sparingly: one users.info per person per TTL (concurrent asks share one call), and each group's members
 * fetched on first use, again once they are 10 minutes old, and again — at most once a minute — when a
 * person is not among them (someone just added to the group).
 *
 * Failures: a group that cannot be listed has no members until it answers (logged once, not per label).
 * A users.info that Slack refuses (`ok: false`: user_not_found, missing_scope…) makes the person
 * "unknown" for a minute; a users.info that never got an answer (network, 5xx after the client's own
 * retries) throws, so that the caller can try again later.
 */
import type { webApi } from "@slack/bolt";
import type { Logger } from "../logger.js";

export interface Person {
  bot: boolean;
  /** From outside the workspace (and its Enterprise Grid org): a Slack Connect stranger. */
  external: boolean;
  /** A single- or multi-channel guest. */
  guest: boolean;
}

/** A person, or why Slack would not say who they are. */
export type Lookup = { known: true; person: Person } | { known: false; why: string };

export class PersonLookupError extends Error {
  override name = "PersonLookupError";
}

export interface SlackPeople {
  lookup(userId: string): Promise<Lookup>;
  /** Whether `userId` is in user group `groupId`; false while the group cannot be listed. */
  inGroup(groupId: string, userId: string): Promise<boolean>;
}

export interface SlackPeopleOptions {
  client: Pick<webApi.WebClient, "users" | "usergroups">;
  logger: Logger;
  /** The workspace the bot is installed in (auth.test), and its Enterprise Grid org if any. */
  workspace: { teamId?: string | undefined; enterpriseId?: string | undefined };
  now?: () => number;
  /** How long a users.info answer is trusted (default one hour). */
  personTtlMs?: number;
}

const REFUSED_TTL_MS = 60_000;
const GROUP_REFRESH_MS = 10 * 60_000;
const GROUP_MISS_MS = 60_000;

interface GroupEntry {
  members: Set<string> | null;
  fetchedAt: number;
  triedAt: number;
  failing: boolean;
  pending: Promise<void> | null;
}

function slackError(err: unknown): string | null {
  const e = err as { code?: string; data?: { error?: string } };
  return e.code === "slack_webapi_platform_error" ? (e.data?.error ?? "not ok") : null;
}

export function createSlackPeople(opts: SlackPeopleOptions): SlackPeople {
  const { client, logger, workspace } = opts;
  const now = opts.now ?? Date.now;
  const personTtl = opts.personTtlMs ?? 3_600_000;
  const people = new Map<string, { lookup: Lookup; until: number }>();
  const asking = new Map<string, Promise<Lookup>>();
  const groups = new Map<string, GroupEntry>();

  function personOf(user: {
    is_bot?: boolean;
    is_stranger?: boolean;
    is_restricted?: boolean;
    is_ultra_restricted?: boolean;
    team_id?: string;
    enterprise_user?: { enterprise_id?: string };
  }): Person {
    // In an Enterprise Grid org, a member of a sibling workspace has another team_id but is no stranger.
    const sameOrg =
      workspace.enterpriseId !== undefined && user.enterprise_user?.enterprise_id === workspace.enterpriseId;
    const otherTeam =
      workspace.teamId !== undefined && user.team_id !== undefined && user.team_id !== workspace.teamId;
    return {
      bot: Boolean(user.is_bot),
      external: Boolean(user.is_stranger) || (otherTeam && !sameOrg),
      guest: Boolean(user.is_restricted || user.is_ultra_restricted),
    };
  }

  async function ask(userId: string): Promise<Lookup> {
    try {
      const res = await client.users.info({ user: userId });
      const lookup: Lookup = res.user
        ? {
            known: true,
            person: { ...personOf(res.user), bot: Boolean(res.user.is_bot) || userId === "USLACKBOT" },
          }
        : { known: false, why: "users.info returned no user" };
      people.set(userId, { lookup, until: now() + (lookup.known ? personTtl : REFUSED_TTL_MS) });
      return lookup;
    } catch (err) {
      const code = slackError(err);
      if (code === null) throw new PersonLookupError(`users.info ${userId}: ${(err as Error).message}`);
      logger.warn(
        `users.info ${userId}: ${code}; labels from ${userId} do not count until Slack says who they are`,
      );
      const lookup: Lookup = { known: false, why: `users.info answered ${code}` };
      people.set(userId, { lookup, until: now() + REFUSED_TTL_MS });
      return lookup;
    }
  }

  async function refresh(groupId: string, entry: GroupEntry): Promise<void> {
    entry.triedAt = now();
    try {
      const res = await client.usergroups.users.list({ usergroup: groupId });
      entry.members = new Set(res.users ?? []);
      entry.fetchedAt = now();
      if (entry.failing) logger.info(`user group ${groupId}: members listed again (${entry.members.size})`);
      entry.failing = false;
    } catch (err) {
      entry.members = null;
      if (!entry.failing) {
        const code = slackError(err) ?? (err as Error).message;
        const hint =
          code === "missing_scope"
            ? " (the app needs the usergroups:read scope: reinstall it from manifest.yml)"
            : code === "no_such_subteam"
              ? " (check the S… ID in `labellers`)"
              : "";
        logger.warn(
          `user group ${groupId}: usergroups.users.list failed: ${code}${hint}; its members' labels do not count until it answers`,
        );
      }
      entry.failing = true;
    }
  }

  return {
    lookup(userId) {
      const cached = people.get(userId);
      if (cached && cached.until > now()) return Promise.resolve(cached.lookup);
      let pending = asking.get(userId);
      if (!pending) {
        pending = ask(userId).finally(() => asking.delete(userId));
        asking.set(userId, pending);
      }
      return pending;
    },
    async inGroup(groupId, userId) {
      let entry = groups.get(groupId);
      if (!entry) {
        entry = { members: null, fetchedAt: 0, triedAt: -Infinity, failing: false, pending: null };
        groups.set(groupId, entry);
      }
      const t = now();
      const stale = entry.members === null || t - entry.fetchedAt >= GROUP_REFRESH_MS;
      const due = t - entry.triedAt >= GROUP_MISS_MS && (stale || !entry.members?.has(userId));
      if (due && !entry.pending) {
        const e = entry;
        e.pending = refresh(groupId, e).finally(() => {
          e.pending = null;
        });
      }
      if (entry.pending) await entry.pending;
      return entry.members?.has(userId) ?? false;
    },
  };
}
