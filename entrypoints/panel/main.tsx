import { render } from 'preact';
import { browser } from 'wxt/browser';
import { App } from './App';
import './style.css';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = browser.i18n.getMessage('panel_title');
render(<App sessionId={decodeURIComponent(location.hash.slice(1))} />, document.getElementById('app')!);
