/* Loaded before decap-cms.js: rtcm-cms.js starts the CMS itself, after it
   has registered the content files' format and the preview. */
window.CMS_MANUAL_INIT = true;
