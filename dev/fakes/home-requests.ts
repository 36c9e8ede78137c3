/**
 * Payloads for App Home, built from the real fixtures: the app_home_opened event, a button clicked on the
 * Home tab (a block_actions payload whose container is the view: no channel, no response_url), and the
 * view_submission of a modal.
 */
import { actionTs, eventCallback, fixture } from "./slack-requests.js";

export function appHomeOpened(userId: string) {
  const event = fixture("event.app_home_opened.json");
  return eventCallback({ ...event, user: userId, channel: "D0HOME0001" });
}

export function homeButton(fields: { userId: string; actionId: string; value: string }) {
  const base = fixture("block_actions.payload.json");
  const { channel: _channel, response_url: _url, ...rest } = base;
  const payload = {
    ...rest,
    user: { ...base.user, id: fields.userId, team_id: "T0TEAM0001" },
    team: { id: "T0TEAM0001", domain: "fake" },
    container: { type: "view", view_id: "V0HOME0001" },
    view: { ...fixture("event.app_home_opened.json").view, id: "V0HOME0001" },
    actions: [
      {
        ...base.actions[0],
        action_id: fields.actionId,
        block_id: "home_admin",
        value: fields.value,
        action_ts: actionTs(),
      },
    ],
  };
  return { payload: JSON.stringify(payload) };
}

export function viewSubmission(fields: { userId: string; callbackId: string; privateMetadata: string }) {
  const payload = {
    type: "view_submission",
    team: { id: "T0TEAM0001", domain: "fake" },
    user: { id: fields.userId, username: "someone", name: "someone", team_id: "T0TEAM0001" },
    api_app_id: "A0TRIAGE01",
    token: "verification_token",
    trigger_id: "222.333.valid",
    view: {
      id: "V0MODAL001",
      team_id: "T0TEAM0001",
      type: "modal",
      callback_id: fields.callbackId,
      private_metadata: fields.privateMetadata,
      state: { values: {} },
      hash: "1.2",
      blocks: [],
      title: { type: "plain_text", text: "Retune preview" },
      app_id: "A0TRIAGE01",
      bot_id: "B0TRIAGE01",
    },
    response_urls: [],
  };
  return { payload: JSON.stringify(payload) };
}
