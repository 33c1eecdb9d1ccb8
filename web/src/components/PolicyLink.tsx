import { routeHref } from '../app/route.js';

/** A link that opens a policy in the editor with a rule (field path) highlighted. */
export function PolicyLink({ policy, path, children }: { policy: string; path?: string | undefined; children?: React.ReactNode }) {
  const clickable = /^(CiliumNetworkPolicy|CiliumClusterwideNetworkPolicy|NetworkPolicy)\//.test(policy);
  const text = children ?? (path ? `${policy} ${path}` : policy);
  if (!clickable) return <span>{text}</span>;
  return (
    <a className="policy-link" href={routeHref('edit', { policy, path })} data-policy={policy} data-path={path}>
      {text}
    </a>
  );
}
