/** The app's identity on every OS (electron-builder.yml `appId`; Windows AppUserModelID for notifications and the taskbar). */
export const APP_ID = 'app.outpost.desktop'
