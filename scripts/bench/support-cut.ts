/**
 * A support-like cut of Banking77: eight product areas, each a group of related intents; messages of every
 * other intent are labelled "other" and their probability mass is moved into `other`, as an LLM's mass on
 * "0 / none of these" would be.
 */
import type { LabelledScore } from "../../src/decide/tune-types.js";

export const SUPPORT_AREAS: Record<string, string[]> = {
  card_delivery: [
    "card_arrival",
    "card_delivery_estimate",
    "get_physical_card",
    "order_physical_card",
    "getting_spare_card",
    "activate_my_card",
  ],
  card_problems: [
    "card_not_working",
    "contactless_not_working",
    "virtual_card_not_working",
    "card_swallowed",
    "declined_card_payment",
    "card_acceptance",
  ],
  lost_card: [
    "lost_or_stolen_card",
    "compromised_card",
    "lost_or_stolen_phone",
    "pin_blocked",
    "change_pin",
    "passcode_forgotten",
  ],
  transfers: [
    "transfer_not_received_by_recipient",
    "pending_transfer",
    "failed_transfer",
    "declined_transfer",
    "cancel_transfer",
    "transfer_timing",
    "beneficiary_not_allowed",
  ],
  top_up: [
    "top_up_failed",
    "pending_top_up",
    "top_up_reverted",
    "top_up_limits",
    "automatic_top_up",
    "topping_up_by_card",
    "verify_top_up",
  ],
  exchange: [
    "exchange_rate",
    "exchange_charge",
    "exchange_via_app",
    "card_payment_wrong_exchange_rate",
    "wrong_exchange_rate_for_cash_withdrawal",
    "fiat_currency_support",
  ],
  identity: [
    "verify_my_identity",
    "unable_to_verify_identity",
    "why_verify_identity",
    "verify_source_of_funds",
    "age_limit",
  ],
  refunds: [
    "Refund_not_showing_up",
    "request_refund",
    "reverted_card_payment?",
    "transaction_charged_twice",
    "card_payment_not_recognised",
    "direct_debit_payment_not_recognised",
  ],
};

const areaOf = new Map(Object.entries(SUPPORT_AREAS).flatMap(([area, ids]) => ids.map((id) => [id, area])));

export function supportCut(rows: readonly LabelledScore[]): LabelledScore[] {
  return rows.map((r) => {
    const probs: Record<string, number> = {};
    for (const [id, p] of Object.entries(r.probs)) {
      const area = areaOf.get(id);
      if (area) probs[area] = (probs[area] ?? 0) + p;
    }
    const mass = Object.values(probs).reduce((a, b) => a + b, 0);
    return { probs, other: Math.max(0, 1 - mass), label: areaOf.get(r.label) ?? "other", source: "file" };
  });
}
