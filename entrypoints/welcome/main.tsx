import { render } from 'preact';
import { App } from './App';
import '@/components/settings/theme.css';
import './style.css';

render(<App />, document.getElementById('app')!);
