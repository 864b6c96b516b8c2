/** What the pages' sign-in endpoint looks at before it reads a body. */
export interface SignInRequest {
  origin: string | undefined;
  secFetchSite: string | undefined;
  contentType: string | undefined;
  /** Origins that are this site: the request's own host and PUBLIC_URL's origin. */
  ownOrigins: string[];
}

export type SignInRefusal = 'cross_site' | 'not_json' | null;

/**
 * Why a sign-in must be refused, or null. A hostile page can make a browser post a form (never
 * JSON without asking first) to any site, and would sign its visitor into the attacker's account;
 * browsers name the posting site in `Origin` and `Sec-Fetch-Site`.
 */
export function signInRefusal(r: SignInRequest): SignInRefusal {
  if (r.secFetchSite?.trim().toLowerCase() === 'cross-site') return 'cross_site';
  if (r.origin !== undefined && !r.ownOrigins.includes(r.origin.trim().toLowerCase()))
    return 'cross_site';
  const media = r.contentType?.split(';')[0].trim().toLowerCase();
  return media === 'application/json' ? null : 'not_json';
}
