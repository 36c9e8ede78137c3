/** The score sets the retune benches run on: Banking77 by BERT and by Dialogflow CX, and the support-like cut. */
import type { LabelledScore } from "../../src/decide/tune-types.js";
import { intentNames, loadBanking } from "./load.js";
import { SUPPORT_AREAS, supportCut } from "./support-cut.js";

export interface ScoreSet {
  name: string;
  /** Where labels are drawn from, and the disjoint split the thresholds are scored on. */
  calibration: LabelledScore[];
  test: LabelledScore[];
  categories: string[];
}

export function scoreSets(dataDir: string): ScoreSet[] {
  const intents = intentNames(dataDir);
  const bert = {
    calibration: loadBanking(dataDir, "bert", "calibration"),
    test: loadBanking(dataDir, "bert", "test"),
  };
  return [
    { name: "Banking77 BERT", ...bert, categories: intents },
    {
      name: "Banking77 Dialogflow CX",
      calibration: loadBanking(dataDir, "dfcx", "calibration"),
      test: loadBanking(dataDir, "dfcx", "test"),
      categories: intents,
    },
    {
      name: "support cut (BERT, 8 areas + other)",
      calibration: supportCut(bert.calibration),
      test: supportCut(bert.test),
      categories: Object.keys(SUPPORT_AREAS),
    },
  ];
}
