/** How an infra action list differs from the code's: both sides empty means they agree. */
export interface ActionListDrift {
  /** Performed by the code but not granted by the role: a production 403. */
  readonly missingInInfra: string[];
  /** Granted by the role but not performed by the code: privilege nobody needs. */
  readonly extraInInfra: string[];
  readonly duplicatesInInfra: string[];
}

// ARM compares action strings case-insensitively.
const normalise = (action: string) => action.toLowerCase();

export function actionListDrift(code: readonly string[], infra: readonly string[]): ActionListDrift {
  const codeSet = new Set(code.map(normalise));
  const infraSet = new Set(infra.map(normalise));
  const seen = new Set<string>();
  const duplicatesInInfra = infra.filter((action) => {
    const key = normalise(action);
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
  return {
    missingInInfra: code.filter((action) => !infraSet.has(normalise(action))),
    extraInInfra: infra.filter((action) => !codeSet.has(normalise(action))),
    duplicatesInInfra,
  };
}

export const noDrift: ActionListDrift = { missingInInfra: [], extraInInfra: [], duplicatesInInfra: [] };
