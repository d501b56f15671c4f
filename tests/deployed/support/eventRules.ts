import type { Deployed } from './template.ts';

/** One delivery of an event to a rule's target, with the input the target gets. */
export interface Delivery {
  rule: string;
  targetArn: string;
  input: unknown;
}

type Pattern = Record<string, unknown>;

/**
 * Whether `event` matches an EventBridge pattern, for the operators the templates use: a list of exact
 * values and `{ prefix }`. Any other operator throws (never a silent mismatch).
 */
export function matches(pattern: Pattern, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, rule]) => {
    const value = event[field];
    if (!Array.isArray(rule)) {
      return value !== null && typeof value === 'object' && matches(rule as Pattern, value as Pattern);
    }
    return rule.some((r) => {
      if (typeof r === 'string') return value === r;
      if (r && typeof r === 'object' && 'prefix' in r)
        return typeof value === 'string' && value.startsWith(String(r.prefix));
      throw new Error(`pattern operator ${JSON.stringify(r)} is not modelled`);
    });
  });
}

/** An InputTransformer applied as EventBridge documents it: each `<name>` becomes its path's JSON value. */
function transform(
  t: { InputPathsMap?: Record<string, string>; InputTemplate: string },
  event: unknown,
): unknown {
  let text = t.InputTemplate;
  for (const [name, path] of Object.entries(t.InputPathsMap ?? {})) {
    const value = path
      .replace(/^\$\.?/, '')
      .split('.')
      .filter(Boolean)
      .reduce<unknown>(
        (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
        event,
      );
    text = text.split(`<${name}>`).join(JSON.stringify(value ?? null));
  }
  return JSON.parse(text);
}

/** Every (rule, target) of the synthesized template that `event` reaches, with the target's input. */
export function deliveries(deployed: Deployed, event: Record<string, unknown>): Delivery[] {
  const out: Delivery[] = [];
  for (const [id, r] of Object.entries(deployed.template.Resources)) {
    if (r.Type !== 'AWS::Events::Rule') continue;
    const props = deployed.resolve(r.Properties) as {
      EventPattern: Pattern;
      Targets?: Record<string, unknown>[];
    };
    if (!matches(props.EventPattern, event)) continue;
    for (const t of props.Targets ?? []) {
      const input = t.InputTransformer
        ? transform(t.InputTransformer as never, event)
        : t.Input !== undefined
          ? JSON.parse(String(t.Input))
          : event;
      out.push({ rule: id, targetArn: String(t.Arn), input });
    }
  }
  return out;
}
