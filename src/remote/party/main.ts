/**
 * Entry of the party guest page (/party/?code=…): joins (or resumes with the kept pass) and draws
 * the party. No Lightning, no sign-in: a guest holds a party pass only.
 */
import { GuestPasses } from './guest-pass';
import { PartyPage, codeFromSearch } from './party-page';

const page = new PartyPage(document.getElementById('app')!, new GuestPasses(), codeFromSearch(location.search));
page.start();
