import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { applyDocumentLocale, i18n } from './i18n'
import './styles/theme.css'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
applyDocumentLocale(i18n.global.locale.value)
app.mount('#app')
