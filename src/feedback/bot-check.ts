/** Is this user a bot? Reaction events do not say, so ask `users.info` once per user and remember. */
import type { webApi } from "@slack/bolt";
import type { Logger } from "../logger.js";

export function createBotCheck(
  client: webApi.WebClient,
  logger: Logger,
): (userId: string) => Promise<boolean> {
  const known = new Map<string, boolean>();
  return async (userId) => {
    const cached = known.get(userId);
    if (cached !== undefined) return cached;
    try {
      const res = await client.users.info({ user: userId });
      const isBot = Boolean(res.user?.is_bot) || userId === "USLACKBOT";
      known.set(userId, isBot);
      return isBot;
    } catch (err) {
      // Unknown: count the reaction (a person's correction matters more than a rare bot's).
      logger.warn(`users.info ${userId}: ${(err as Error).message}`);
      return false;
    }
  };
}
