import { render } from 'preact';
import { browser } from 'wxt/browser';
import { App } from './App';
import '@/components/settings/theme.css';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = browser.i18n.getMessage('confirm_title');
render(<App id={decodeURIComponent(location.hash.slice(1))} />, document.getElementById('app')!);
