{{%AUTOESCAPE context="HTML"}}
<div class="govuk-error-summary" data-module="govuk-error-summary">
  <div role="alert">
    <h2 class="govuk-error-summary__title">There is a problem</h2>
    <div class="govuk-error-summary__body">
      <ul class="govuk-list govuk-error-summary__list">
        {{#ITEM}}<li><a href="{{HREF}}">{{TEXT}}</a></li>{{/ITEM}}
      </ul>
    </div>
  </div>
</div>
