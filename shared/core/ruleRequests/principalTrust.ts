import { RuleRequestAccessError } from './accessErrors';
import { parseClientPrincipal, type Principal } from './clientPrincipal';

/** The settings that say whether something in front of the app sets x-ms-client-principal and strips forged copies. */
export interface PrincipalTrust {
  /** WEBSITE_AUTH_ENABLED: App Service sets it to True while App Service Authentication is on. */
  readonly websiteAuthEnabled?: boolean | undefined;
  /** CLIENT_PRINCIPAL_FROM_FRONT_END: an explicit statement that another front end does the same. */
  readonly clientPrincipalFromFrontEnd?: boolean | undefined;
}

/**
 * Fail closed: x-ms-client-principal is an identity only when the platform put it there. App Service Authentication
 * injects it and refuses client-sent copies ("External requests aren't allowed to set these headers, so they're
 * present only if set by App Service", learn.microsoft.com "Work with user identities in Azure App Service
 * authentication"), and tells the app it is on with WEBSITE_AUTH_ENABLED=True (learn.microsoft.com "Environment
 * variables and app settings reference", Authentication & authorization). Without either signal anyone could send
 * the header, so nobody is trusted: 401 on every route that reads an identity.
 */
export function isPrincipalHeaderTrusted(trust: PrincipalTrust): boolean {
  return trust.websiteAuthEnabled === true || trust.clientPrincipalFromFrontEnd === true;
}

/** The caller, or RuleRequestAccessError (401) when the header is untrusted, missing or malformed. */
export function trustedCaller(header: string | null | undefined, trust: PrincipalTrust): Principal {
  if (!isPrincipalHeaderTrusted(trust)) {
    throw new RuleRequestAccessError(
      'principal-untrusted',
      'Not signed in: App Service Authentication is off (WEBSITE_AUTH_ENABLED is not True) and CLIENT_PRINCIPAL_FROM_FRONT_END is not true, so no x-ms-client-principal header is trusted',
    );
  }
  return parseClientPrincipal(header);
}
