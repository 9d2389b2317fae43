import type { Template } from '@core/schema'
import { UNSUBSCRIBE_URL_TAG } from '@core/templates/mergeTags'
import type { NewDocFields } from '../../data/syncedWrites'

// A layout that holds up in the common email clients: tables for structure, a <style> block that
// is inlined at send time, one media query for phones, and the unsubscribe link in the footer.
export const STARTER_HTML = `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { margin: 0; padding: 0; background: #f1f5f9; }
  .wrapper { width: 100%; background: #f1f5f9; padding: 24px 0; }
  .container { width: 100%; max-width: 600px; margin: 0 auto; background: #ffffff; border-radius: 8px; }
  .header { padding: 24px 32px; background: #4f46e5; color: #ffffff; font-family: Helvetica, Arial, sans-serif; font-size: 20px; font-weight: bold; border-radius: 8px 8px 0 0; }
  .content { padding: 32px; color: #0f172a; font-family: Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.6; }
  .button { display: inline-block; padding: 12px 24px; background: #4f46e5; color: #ffffff; border-radius: 6px; font-weight: bold; text-decoration: none; }
  .footer { padding: 24px 32px; color: #64748b; font-family: Helvetica, Arial, sans-serif; font-size: 12px; line-height: 1.5; text-align: center; }
  .footer a { color: #64748b; }
  @media (max-width: 480px) {
    .content { padding: 20px; }
    .header { padding: 20px; }
  }
</style>
</head>
<body>
<table role="presentation" class="wrapper" width="100%" cellpadding="0" cellspacing="0">
  <tr>
    <td>
      <table role="presentation" class="container" align="center" cellpadding="0" cellspacing="0">
        <tr>
          <td class="header">Your company</td>
        </tr>
        <tr>
          <td class="content">
            <p>Hi {{ contact.firstName | default: "there" }},</p>
            <p>Here is what is new this month. Write a short introduction, then one clear reason to click.</p>
            <p style="margin: 28px 0;">
              <a class="button" href="https://example.com">Read more</a>
            </p>
            <p>Thanks,<br>The team</p>
          </td>
        </tr>
        <tr>
          <td class="footer">
            You are receiving this email because you signed up for updates from us.<br>
            <a href="{{ ${UNSUBSCRIBE_URL_TAG} }}">Unsubscribe</a>
          </td>
        </tr>
      </table>
    </td>
  </tr>
</table>
</body>
</html>
`

export function starterTemplate(): NewDocFields<Template> {
  return {
    name: 'Untitled template',
    subject: 'News from us, {{ contact.firstName | default: "friend" }}',
    preheader: 'What is new this month, in two minutes.',
    fromName: '',
    fromEmail: '',
    html: STARTER_HTML,
  }
}
