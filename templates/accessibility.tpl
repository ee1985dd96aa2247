{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    <h1 class="govuk-heading-l">Accessibility statement</h1>
    <p class="govuk-body">{{AUTHORITY}} wants as many people as possible to be able to use this service. You should be able to change colours, contrast levels and fonts using your browser or device settings, zoom in up to 400% without the text spilling off the screen, navigate the whole service using just a keyboard or speech recognition software, and listen to it using a screen reader.</p>
    <h2 class="govuk-heading-m">How accessible this service is</h2>
    <p class="govuk-body">The service is built with the GOV.UK Design System and is tested with automated accessibility checks (axe-core, WCAG 2.2 AA), with JavaScript turned off, and by keyboard alone.</p>
    <h2 class="govuk-heading-m">Compliance status</h2>
    <p class="govuk-body">This service aims to be fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard. If you find a problem, contact {{AUTHORITY}}'s service desk.</p>
    <h2 class="govuk-heading-m">Enforcement procedure</h2>
    <p class="govuk-body">The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.</p>
  </div>
</div>
