import { useLocation } from '../../shared/router/router';
import { session, useSession } from '../../shared/stores/session';
import { usePageTitle } from '../../shared/ui/use-async';
import { isStaff } from '../access';
import { adminPaths } from '../paths';

/** What a shopper, a signed-out visitor, or staff on an admin page sees instead of the page. */
export function StaffOnlyPage({ adminOnly }: { readonly adminOnly: boolean }) {
  const signedIn = useSession();
  const here = useLocation();
  const staff = isStaff(signedIn);
  usePageTitle(staff ? 'Admins only' : 'Staff only');
  const next = `${here.path}${here.query.size ? `?${here.query.toString()}` : ''}`;
  return (
    <div class="card narrow staff-only">
      <h1>{staff && adminOnly ? 'Admins only' : 'Staff only'}</h1>
      {staff ? (
        <p>The business dashboard is for admins. You are signed in as {signedIn!.name}, a member of store staff.</p>
      ) : signedIn ? (
        <p>
          The back office is for Go Mart store staff. You are signed in as {signedIn.name}, with a customer account.
        </p>
      ) : (
        <p>The back office is for Go Mart store staff. Sign in with your staff account to continue.</p>
      )}
      <div class="actions">
        {staff ? (
          <a class="button" href={adminPaths.board()}>
            Go to the order board
          </a>
        ) : signedIn ? (
          <button
            type="button"
            class="button"
            onClick={() => {
              // The shop's sign-in page would only say "you are signed in": sign the customer out first.
              session.clear();
              window.location.assign(adminPaths.signIn(next));
            }}
          >
            Sign in as staff
          </button>
        ) : (
          <a class="button" href={adminPaths.signIn(next)}>
            Sign in
          </a>
        )}
        <a class="button button-secondary" href={adminPaths.shop}>
          Go to the shop
        </a>
      </div>
    </div>
  );
}
