import './zodConfig'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createAppRouter } from './app/router'
import { takeDisplayTokenFromUrl } from './features/auth/displayTokenFromUrl'
import { applyDocumentLocale, i18n } from './i18n'
import { useSessionStore } from './stores/session'
import './styles/theme.css'

// Before the router reads the address: the token leaves the address bar before anything else runs.
const displayToken = takeDisplayTokenFromUrl(window.location, window.history)
const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
void useSessionStore(pinia).ready(displayToken)
app.use(createAppRouter())
app.use(i18n)
applyDocumentLocale(i18n.global.locale.value)
app.mount('#app')
