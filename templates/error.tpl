{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    <h1 class="govuk-heading-l">{{HEADING}}</h1>
    <p class="govuk-body">{{BODY}}</p>
    <p class="govuk-body"><a class="govuk-link" href="/">Go to the start page</a></p>
  </div>
</div>
