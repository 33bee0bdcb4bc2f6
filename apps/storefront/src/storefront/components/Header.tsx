import { Link } from '../../shared/router/Link';
import { LogoMark } from '../../shared/ui/Logo';
import { paths } from '../paths';
import { AccountLinks } from './AccountLinks';
import { BasketButton } from './BasketButton';
import { SearchBox } from './SearchBox';

/** The sticky bar on every page: logo, search, account, basket. */
export function Header() {
  return (
    <header class="site-header">
      <div class="container header-inner">
        <Link class="logo" href={paths.home}>
          <LogoMark />
          Go Mart
        </Link>
        <SearchBox />
        <nav class="header-actions" aria-label="Account and basket">
          <AccountLinks />
          <BasketButton />
        </nav>
      </div>
    </header>
  );
}
